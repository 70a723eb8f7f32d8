/*
 * The dashboard's job explorer: the jobs of every queue and type from GET /api/jobs,
 * filtered, newest first, paged with the API's keyset cursor; a job's detail; and, for
 * admins, retry, cancel and delete of one job or of every job the filter takes, each
 * confirmed first and answered with how many jobs it changed. An ES module of its own
 * (no build step), loaded next to dashboard.js under the same Content-Security-Policy.
 * Everything from a job (types, errors, payloads) goes into the page as text only.
 * The first page is read again every few seconds when that read is bounded (see
 * refreshesItself); older pages, once shown, stay as they are until Show.
 */

const api = (path) => '../api/' + path;
const PAGE_SIZE = 20;
const CSRF_REFUSED = 'CSRF token missing or invalid';
const FILTERS = ['queue', 'type', 'status', 'newerThan', 'olderThan', 'error'];
const REFRESH_MILLIS = 5000;

/** What each action does, to one job or to the jobs a filter takes. */
const ACTIONS = {
	retry: { verb: 'Retry', done: 'retried', statuses: ['DEAD'], method: 'POST',
		one: (id) => 'jobs/' + id + '/retry', all: 'jobs/retry' },
	cancel: { verb: 'Cancel', done: 'cancelled', statuses: ['READY'], method: 'POST',
		one: (id) => 'jobs/' + id + '/cancel', all: 'jobs/cancel' },
	delete: { verb: 'Delete', done: 'deleted', statuses: ['SUCCEEDED', 'DEAD', 'CANCELLED'], method: 'DELETE',
		one: (id) => 'jobs/' + id, all: 'jobs' },
};

let me = null;
let applied = new URLSearchParams();
let next = null;
let paged = false;
let timer = null;
let reads = 0;
let openJob = null;
const typesSeen = new Set();

// HTTP, as dashboard.js does it: the session's CSRF token on changes, one retry with a
// fresh token if the session changed, and a 401 sends the browser to the login page.

async function call(method, path, retried) {
	const headers = { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
	if (method !== 'GET' && me && me.csrf) {
		headers[me.csrf.headerName] = me.csrf.token;
	}
	const response = await fetch(api(path), { method, headers, credentials: 'same-origin' });
	if (response.status === 401) {
		window.location.href = '../login';
		throw new Error('Signed out');
	}
	const text = await response.text();
	let data = null;
	try {
		data = text ? JSON.parse(text) : null;
	}
	catch (e) {
		data = null;
	}
	if (response.status === 403 && method !== 'GET' && !retried && data && data.title === CSRF_REFUSED) {
		me = await call('GET', 'me');
		return call(method, path, true);
	}
	if (!response.ok) {
		const error = new Error(problemText(response.status, data, text));
		error.status = response.status;
		throw error;
	}
	return data;
}

function problemText(status, problem, text) {
	if (problem && (problem.title || problem.detail)) {
		const parts = [problem.title, problem.detail].filter(Boolean);
		if (Array.isArray(problem.errors)) {
			problem.errors.forEach((v) => parts.push((v.field ? v.field + ': ' : '') + v.message));
		}
		return parts.join(': ') + ' (HTTP ' + status + ')';
	}
	return 'HTTP ' + status + (text ? ': ' + text.slice(0, 200) : '');
}

// DOM helpers: text only.

function el(tag, attributes, ...children) {
	const node = document.createElement(tag);
	Object.entries(attributes || {}).forEach(([name, value]) => {
		if (value === false || value === null || value === undefined) {
			return;
		}
		if (name === 'text') {
			node.textContent = value;
		}
		else if (name === 'onclick') {
			node.addEventListener('click', value);
		}
		else {
			node.setAttribute(name, value === true ? '' : value);
		}
	});
	children.flat().forEach((child) => node.append(child));
	return node;
}

function badge(status) {
	return el('span', { class: 'badge ' + status.toLowerCase(), text: status });
}

const byId = (id) => document.getElementById(id);

function showError(message) {
	byId('alert-text').textContent = message;
	byId('alert').hidden = false;
}

function say(message) {
	const result = byId('jobs-result');
	result.textContent = message;
	result.hidden = false;
	byId('announce').textContent = message;
}

// Formatting

function ago(instant) {
	if (!instant) {
		return '—';
	}
	const seconds = Math.round((Date.now() - Date.parse(instant)) / 1000);
	if (seconds < 60) {
		return Math.max(seconds, 0) + ' s ago';
	}
	if (seconds < 3600) {
		return Math.floor(seconds / 60) + ' min ago';
	}
	return new Date(instant).toLocaleString();
}

function when(instant) {
	return instant ? new Date(instant).toLocaleString() + ' (' + ago(instant) + ')' : '—';
}

function plural(count, word) {
	return Number(count).toLocaleString('en') + ' ' + word + (count === 1 ? '' : 's');
}

/** The applied filter in words, for confirmations ("type email, status DEAD"). */
function filterWords(filter) {
	const words = { queue: 'queue', type: 'type', status: 'status', newerThan: 'newer than',
		olderThan: 'older than', error: 'last error contains' };
	return FILTERS.filter((name) => filter.get(name))
		.map((name) => words[name] + ' ' + (name === 'error' ? '“' + filter.get(name) + '”' : filter.get(name)))
		.join(', ');
}

// The list

function readForm() {
	const form = byId('jobs-filter');
	const filter = new URLSearchParams();
	FILTERS.forEach((name) => {
		const value = form.elements[name].value.trim();
		if (value) {
			filter.set(name, value);
		}
	});
	return filter;
}

/**
 * Whether the list may read its first page again by itself: only when each read stops
 * after a page whatever the table holds (no filter, or a status or a type, read off an
 * index). A filter by queue, age or error text alone may read far back, and is read
 * again only when asked.
 */
function refreshesItself() {
	return FILTERS.every((name) => name === 'status' || name === 'type' || !applied.get(name));
}

/**
 * Reads the first page of the applied filter (rows kept by id and updated in place, so a
 * focused button keeps its focus), or the next older page below it.
 */
async function load(older, quietly) {
	clearTimeout(timer);
	const read = ++reads;
	const query = new URLSearchParams(applied);
	query.set('size', String(PAGE_SIZE));
	if (older && next !== null) {
		query.set('before', String(next));
	}
	let listing;
	try {
		listing = await call('GET', 'jobs?' + query);
	}
	catch (e) {
		if (read !== reads) {
			return;
		}
		if (quietly) {
			byId('jobs-shown').textContent = 'Not up to date: ' + e.message;
			schedule();
		}
		else {
			showError('Listing jobs failed: ' + e.message);
		}
		return;
	}
	if (read !== reads) {
		// A newer read (another filter, an action) has begun: its answer counts.
		return;
	}
	const tbody = byId('jobs-body');
	tbody.querySelectorAll('tr.empty').forEach((tr) => tr.remove());
	if (older) {
		paged = true;
		listing.jobs.forEach((job) => tbody.append(update(row(job), job)));
	}
	else {
		paged = false;
		syncRows(tbody, listing.jobs);
	}
	listing.jobs.forEach((job) => typesSeen.add(job.type));
	next = listing.next;
	const shown = tbody.querySelectorAll('tr[data-job-id]').length;
	if (shown === 0) {
		tbody.append(el('tr', { class: 'empty' }, el('td', { colspan: 8, text: 'No job matches.' })));
	}
	byId('jobs-shown').textContent = 'Showing ' + plural(shown, 'job') + ', newest first'
		+ (applied.toString() ? ' (' + filterWords(applied) + ')' : '') + (next === null ? '; that is all.' : '.')
		+ (refreshesItself() && !paged ? ' Read again every ' + REFRESH_MILLIS / 1000 + ' seconds.' : '');
	byId('jobs-older').hidden = next === null;
	updateDatalist('jobs-types', typesSeen);
	const listed = openJob && tbody.querySelector('tr[data-job-id="' + openJob.id + '"]');
	if (quietly && listed && listed.dataset.status !== openJob.status) {
		await openDetail(openJob.id, false);
	}
	schedule();
}

/** The next read of the first page, while it may read itself again and is seen. */
function schedule() {
	clearTimeout(timer);
	if (refreshesItself() && !paged && !document.hidden) {
		timer = setTimeout(() => load(false, true), REFRESH_MILLIS);
	}
}

/** Makes the rows match the jobs of a first page, in order: one row per job id, kept. */
function syncRows(tbody, jobs) {
	const existing = new Map();
	Array.from(tbody.rows).forEach((tr) => existing.set(tr.dataset.jobId, tr));
	jobs.forEach((job, index) => {
		const key = String(job.id);
		const tr = update(existing.get(key) || row(job), job);
		existing.delete(key);
		if (tbody.rows[index] !== tr) {
			tbody.insertBefore(tr, tbody.rows[index] || null);
		}
	});
	existing.forEach((tr) => tr.remove());
}

function row(job) {
	const tr = el('tr', { 'data-job-id': job.id },
		el('td', { class: 'num' }, el('button', { type: 'button', class: 'link open', text: String(job.id),
			'aria-label': 'Show job ' + job.id, onclick: () => openDetail(job.id, true) })),
		el('td', { class: 'queue', text: job.queue }),
		el('td', { class: 'type', text: job.type }),
		el('td', { class: 'status' }),
		el('td', { class: 'num attempts' }),
		el('td', { class: 'created', title: job.createdAt }),
		el('td', { class: 'error' }));
	if (me.canControl) {
		tr.append(el('td', { class: 'actions' }));
	}
	if (openJob && openJob.id === job.id) {
		tr.classList.add('open');
	}
	return tr;
}

/** Shows a job's changing parts in its row; its buttons change only with its status. */
function update(tr, job) {
	const text = (selector, value) => {
		const cell = tr.querySelector(selector);
		if (cell.textContent !== value) {
			cell.textContent = value;
		}
	};
	text('.attempts', job.attempts + ' / ' + job.maxAttempts);
	text('.created', ago(job.createdAt));
	text('.error', job.lastError || '');
	if (tr.dataset.status !== job.status) {
		tr.dataset.status = job.status;
		tr.querySelector('.status').replaceChildren(badge(job.status));
		if (me.canControl) {
			tr.querySelector('.actions').replaceChildren(...actionButtons(job));
		}
	}
	return tr;
}

/** The buttons of the actions a job's status allows, labelled with the job ("Retry job 42"). */
function actionButtons(job) {
	return Object.entries(ACTIONS)
		.filter(([, action]) => action.statuses.includes(job.status))
		.map(([name, action]) => el('button', { type: 'button', class: name,
			'aria-label': action.verb + ' job ' + job.id, text: action.verb, onclick: () => actOnOne(name, job) }));
}

function updateDatalist(id, values) {
	const list = byId(id);
	const have = new Set(Array.from(list.options).map((option) => option.value));
	Array.from(values).sort().filter((value) => !have.has(value))
		.forEach((value) => list.append(el('option', { value })));
}

// The detail

async function openDetail(id, focus) {
	let job;
	try {
		job = await call('GET', 'jobs/' + id);
	}
	catch (e) {
		if (e.status === 404) {
			closeDetail();
			say('Job ' + id + ' is gone.');
		}
		else {
			showError('Reading job ' + id + ' failed: ' + e.message);
		}
		return;
	}
	openJob = job;
	const panel = byId('job-detail');
	panel.dataset.jobId = job.id;
	byId('job-detail-title').textContent = 'Job ' + job.id;
	const lease = job.leaseOwner ? job.leaseOwner + ', until ' + when(job.leaseUntil) : '—';
	const facts = [
		['type', 'Type', job.type + (job.registered ? '' : ' (no handler of this application runs this type)')],
		['queue', 'Queue', job.queue],
		['status', 'Status', badge(job.status)],
		['attempts', 'Attempts', job.attempts + ' of ' + job.maxAttempts],
		['priority', 'Priority', String(job.priority)],
		['run-at', 'Run at', when(job.runAt)],
		['lease-owner', 'Lease owner', lease],
		['last-error', 'Last error', job.lastError || '—'],
		['result', 'Result', job.result || '—'],
		['created', 'Created', when(job.createdAt)],
		['updated', 'Updated', when(job.updatedAt)],
		['started', 'Started', when(job.startedAt)],
		['finished', 'Finished', when(job.finishedAt)],
	];
	byId('job-facts').replaceChildren(...facts.flatMap(([key, term, value]) => [el('dt', { text: term }),
		el('dd', { 'data-fact': key }, value)]));
	byId('job-payload').textContent = JSON.stringify(job.payload, null, 2);
	byId('job-actions').replaceChildren(...(me.canControl ? actionButtons(job) : []));
	panel.hidden = false;
	panel.closest('.jobs-layout').classList.add('with-detail');
	document.querySelectorAll('#jobs-body tr.open').forEach((tr) => tr.classList.remove('open'));
	const listed = document.querySelector('#jobs-body tr[data-job-id="' + job.id + '"]');
	if (listed) {
		listed.classList.add('open');
	}
	if (focus) {
		byId('job-detail-title').focus();
	}
}

function closeDetail() {
	openJob = null;
	const panel = byId('job-detail');
	panel.hidden = true;
	panel.closest('.jobs-layout').classList.remove('with-detail');
	document.querySelectorAll('#jobs-body tr.open').forEach((tr) => tr.classList.remove('open'));
}

// Actions

async function actOnOne(name, job) {
	const action = ACTIONS[name];
	if (!window.confirm(action.verb + ' job ' + job.id + ' (' + job.type + ', ' + job.status + ')?')) {
		return;
	}
	try {
		const result = await call(action.method, action.one(job.id));
		say(action.verb + ' job ' + job.id + ': ' + plural(result.changed, 'job') + ' ' + action.done + '.');
		byId('alert').hidden = true;
	}
	catch (e) {
		showError(action.verb + ' job ' + job.id + ' failed: ' + e.message);
	}
	await afterAction(name === 'delete' && openJob && openJob.id === job.id);
}

async function actOnFilter(name) {
	const action = ACTIONS[name];
	const which = action.statuses.join(', ');
	if (!window.confirm(action.verb + ' every ' + which + ' job the filter takes (' + filterWords(applied)
		+ ')? At most 10,000 per click.')) {
		return;
	}
	try {
		const result = await call(action.method, action.all + '?' + applied);
		say(action.verb + ' for the filter: ' + plural(result.changed, 'job') + ' ' + action.done + '.'
			+ (result.changed >= result.limit ? ' That is the most one click changes (' + result.limit.toLocaleString('en')
				+ '): click again for the rest.' : ''));
		byId('alert').hidden = true;
	}
	catch (e) {
		showError(action.verb + ' for the filter failed: ' + e.message);
	}
	await afterAction(false);
}

/**
 * Lists the jobs a filter takes: the rows of the one before go at once, so that every row
 * shown answers the filter applied.
 */
function apply(filter) {
	applied = filter;
	byId('jobs-body').replaceChildren();
	updateBulk();
	load(false);
}

/** Reads the list (and the open job) again after an action. */
async function afterAction(deleted) {
	await load(false);
	if (deleted) {
		closeDetail();
	}
	else if (openJob) {
		await openDetail(openJob.id, false);
	}
}

/** A bulk action needs a filter, and one whose status the action applies to. */
function updateBulk() {
	const status = applied.get('status');
	const hasFilter = applied.toString() !== '';
	byId('jobs-bulk-what').textContent = hasFilter
		? 'Every job the filter takes (' + filterWords(applied) + '):'
		: 'Set a filter and press Show to act on every job it takes.';
	document.querySelectorAll('#jobs-bulk button').forEach((button) => {
		const action = ACTIONS[button.dataset.action];
		button.disabled = !hasFilter || (status !== null && !action.statuses.includes(status));
	});
}

// Start

async function start() {
	try {
		me = await call('GET', 'me');
	}
	catch (e) {
		showError('Cannot tell who is signed in: ' + e.message);
		return;
	}
	document.querySelectorAll('#jobs [data-needs="control"]').forEach((node) => { node.hidden = !me.canControl; });
	const form = byId('jobs-filter');
	form.addEventListener('submit', (event) => {
		event.preventDefault();
		apply(readForm());
	});
	form.addEventListener('reset', () => apply(new URLSearchParams()));
	byId('jobs-older').addEventListener('click', () => load(true));
	document.addEventListener('visibilitychange', () => {
		if (!document.hidden && !paged && refreshesItself()) {
			load(false, true);
		}
	});
	byId('job-detail-close').addEventListener('click', closeDetail);
	document.querySelectorAll('#jobs-bulk button')
		.forEach((button) => button.addEventListener('click', () => actOnFilter(button.dataset.action)));
	updateBulk();
	await load(false);
	try {
		const queues = await call('GET', 'queues');
		updateDatalist('jobs-queues', queues.queues.map((q) => q.name));
	}
	catch (e) {
		// Only the suggestions are missing; the queues section says what is wrong.
	}
}

start();
