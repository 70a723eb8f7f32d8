/*
 * The dashboard's job explorer: the jobs of every queue and type from GET /api/jobs,
 * filtered, newest first, paged with the API's keyset cursor; a job's detail; and, for
 * admins, retry, cancel and delete of one job or of every job the filter takes, each
 * offered in the statuses the API takes it in (GET /api/states), confirmed first and
 * answered with how many jobs it changed. Everything from a job (types, errors,
 * payloads) goes into the page as text only.
 * The first page is read again every few seconds when that read is bounded (see
 * refreshesItself); older pages, once shown, stay as they are until Show.
 */

import { call, currentUser } from './http.js';
import { badge, byId, el, hideError, setText, showError, syncRows } from './dom.js';
import { ago, plural, when } from './format.js';
import { lifecycle } from './states.js';

const PAGE_SIZE = 20;
const FILTERS = ['queue', 'type', 'status', 'newerThan', 'olderThan', 'error'];
const REFRESH_MILLIS = 5000;

/**
 * What each action does, to one job or to the jobs a filter takes; the statuses it
 * applies to are the API's.
 */
const ACTIONS = {
	retry: { verb: 'Retry', done: 'retried', method: 'POST', one: (id) => 'jobs/' + id + '/retry', all: 'jobs/retry' },
	cancel: { verb: 'Cancel', done: 'cancelled', method: 'POST', one: (id) => 'jobs/' + id + '/cancel', all: 'jobs/cancel' },
	delete: { verb: 'Delete', done: 'deleted', method: 'DELETE', one: (id) => 'jobs/' + id, all: 'jobs' },
};

/** The job statuses an action applies to. */
const statusesOf = (name) => lifecycle('jobs').actions[name];

let applied = new URLSearchParams();
let next = null;
let paged = false;
let timer = null;
let reads = 0;
let openJob = null;
const typesSeen = new Set();

function say(message) {
	const result = byId('jobs-result');
	result.textContent = message;
	result.hidden = false;
	byId('announce').textContent = message;
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
		syncRows(tbody, listing.jobs, (job) => job.id, row, update);
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

/** A job's row, kept by its id (data-key) while the first page is read again. */
function row(job) {
	const tr = el('tr', { 'data-job-id': job.id, 'data-key': job.id },
		el('td', { class: 'num' }, el('button', { type: 'button', class: 'link open', text: String(job.id),
			'aria-label': 'Show job ' + job.id, onclick: () => openDetail(job.id, true) })),
		el('td', { class: 'queue', text: job.queue }),
		el('td', { class: 'type', text: job.type }),
		el('td', { class: 'status' }),
		el('td', { class: 'num attempts' }),
		el('td', { class: 'created', title: job.createdAt }),
		el('td', { class: 'error' }));
	if (currentUser().canControl) {
		tr.append(el('td', { class: 'actions' }));
	}
	if (openJob && openJob.id === job.id) {
		tr.classList.add('open');
	}
	return tr;
}

/** Shows a job's changing parts in its row; its buttons change only with its status. */
function update(tr, job) {
	setText(tr.querySelector('.attempts'), job.attempts + ' / ' + job.maxAttempts);
	setText(tr.querySelector('.created'), ago(job.createdAt));
	setText(tr.querySelector('.error'), job.lastError || '');
	if (tr.dataset.status !== job.status) {
		tr.dataset.status = job.status;
		tr.querySelector('.status').replaceChildren(badge(job.status));
		if (currentUser().canControl) {
			tr.querySelector('.actions').replaceChildren(...actionButtons(job));
		}
	}
	return tr;
}

/** The buttons of the actions a job's status allows, labelled with the job ("Retry job 42"). */
function actionButtons(job) {
	return Object.entries(ACTIONS)
		.filter(([name]) => statusesOf(name).includes(job.status))
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
	byId('job-actions').replaceChildren(...(currentUser().canControl ? actionButtons(job) : []));
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
		hideError();
	}
	catch (e) {
		showError(action.verb + ' job ' + job.id + ' failed: ' + e.message);
	}
	await afterAction(name === 'delete' && openJob && openJob.id === job.id);
}

async function actOnFilter(name) {
	const action = ACTIONS[name];
	const which = statusesOf(name).join(', ');
	if (!window.confirm(action.verb + ' every ' + which + ' job the filter takes (' + filterWords(applied)
		+ ')? At most 10,000 per click.')) {
		return;
	}
	try {
		const result = await call(action.method, action.all + '?' + applied);
		say(action.verb + ' for the filter: ' + plural(result.changed, 'job') + ' ' + action.done + '.'
			+ (result.changed >= result.limit ? ' That is the most one click changes (' + result.limit.toLocaleString('en')
				+ '): click again for the rest.' : ''));
		hideError();
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
		button.disabled = !hasFilter || (status !== null && !statusesOf(button.dataset.action).includes(status));
	});
}

// Start

/**
 * Starts the explorer, once the user and the states are read: fills the status filter
 * with the API's statuses and names on each bulk button the jobs it takes ("Retry the
 * DEAD ones"), then lists the first page.
 */
export async function startJobs() {
	const jobs = lifecycle('jobs');
	byId('jobs-filter').elements.status.append(...jobs.states.map((status) => el('option', { value: status, text: status })));
	document.querySelectorAll('#jobs-bulk button').forEach((button) => {
		const name = button.dataset.action;
		const statuses = statusesOf(name);
		const ended = statuses.length === jobs.ended.length && statuses.every((status) => jobs.ended.includes(status));
		button.textContent = ACTIONS[name].verb + ' the ' + (ended ? 'ended' : statuses.join(', ')) + ' ones';
		button.addEventListener('click', () => actOnFilter(name));
	});
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
