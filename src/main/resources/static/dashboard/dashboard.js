/*
 * The Longhaul dashboard: polls the REST API every two seconds and updates the tables in
 * place (rows are kept, so a focused button keeps its focus). Every action is a call to
 * the same REST API that curl users call; its problem detail, if any, shows in the alert.
 * No framework and no build: plain ES2017 in the browser.
 */
'use strict';

(function () {
	const POLL_MILLIS = 2000;
	const CSRF_REFUSED = 'CSRF token missing or invalid';
	const api = (path) => '../api/' + path;

	let me = null;
	let timer = null;
	let failedOnly = false;
	let chartScope = 'instance';

	// HTTP

	async function call(method, path, body, retried) {
		const headers = { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
		if (method !== 'GET' && me && me.csrf) {
			headers[me.csrf.headerName] = me.csrf.token;
		}
		let payload = body;
		if (body !== undefined && !(body instanceof FormData)) {
			headers['Content-Type'] = 'application/json';
			payload = JSON.stringify(body);
		}
		const response = await fetch(api(path), { method, headers, body: payload, credentials: 'same-origin' });
		if (response.status === 401) {
			window.location.href = '../login';
			throw new Error('Signed out');
		}
		const text = await response.text();
		const data = text ? safeJson(text) : null;
		if (response.status === 403 && method !== 'GET' && !retried && data && data.title === CSRF_REFUSED) {
			// The session changed (signed in again elsewhere): take its token and try once more.
			await loadMe();
			return call(method, path, body, true);
		}
		if (!response.ok) {
			const error = new Error(problemText(response.status, data, text));
			error.status = response.status;
			throw error;
		}
		return data;
	}

	function safeJson(text) {
		try {
			return JSON.parse(text);
		}
		catch (e) {
			return null;
		}
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

	async function act(description, method, path, body) {
		const origin = document.activeElement;
		let result = null;
		try {
			result = await call(method, path, body);
			document.getElementById('alert').hidden = true;
			announce(description + ': done.');
		}
		catch (e) {
			showError(description + ' failed: ' + e.message);
		}
		await refresh();
		keepFocus(origin);
		return result;
	}

	/**
	 * After an action its button may be disabled or hidden: move the focus to the next
	 * button of the same row that can still be used (Pause leads to Resume), else to the
	 * row's first cell, so a keyboard user is not sent back to the top of the page.
	 */
	function keepFocus(origin) {
		if (!origin || origin === document.body || !origin.closest) {
			return;
		}
		const usable = (node) => node.isConnected && !node.disabled && !node.hidden;
		if (usable(origin) && document.activeElement === origin) {
			return;
		}
		const row = origin.closest('tr');
		if (!row || !row.isConnected) {
			return;
		}
		const next = Array.from(row.querySelectorAll('button')).find(usable);
		if (next) {
			next.focus();
			return;
		}
		const cell = row.cells[0];
		cell.tabIndex = -1;
		cell.focus();
	}

	// Messages

	function showError(message) {
		document.getElementById('alert-text').textContent = message;
		document.getElementById('alert').hidden = false;
	}

	/** Tells the outcome of an action, also to screen readers (the polling stays quiet). */
	function announce(message) {
		document.getElementById('announce').textContent = message;
	}

	// DOM helpers

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

	/**
	 * Makes the rows of a table body match the items, in order: a row per key is
	 * created once, then only updated.
	 */
	function syncRows(tbody, items, key, create, update) {
		const existing = new Map();
		Array.from(tbody.rows).forEach((row) => existing.set(row.dataset.key, row));
		items.forEach((item, index) => {
			const k = String(key(item));
			let row = existing.get(k);
			if (!row) {
				row = create(item);
				row.dataset.key = k;
			}
			existing.delete(k);
			update(row, item);
			if (tbody.rows[index] !== row) {
				tbody.insertBefore(row, tbody.rows[index] || null);
			}
		});
		existing.forEach((row) => row.remove());
	}

	/** A button that POSTs to the API, labelled with what it acts on ("Pause email-sender"). */
	function postButton(kind, text, label, path) {
		return el('button', { type: 'button', class: kind, 'aria-label': label, text,
			onclick: () => act(label, 'POST', path) });
	}

	function emptyRow(tbody, message, count) {
		const columns = Array.from(tbody.closest('table').tHead.rows[0].cells).filter((cell) => !cell.hidden).length;
		const old = tbody.querySelector('tr.empty');
		if (count > 0) {
			if (old) {
				old.remove();
			}
			return;
		}
		if (!old) {
			tbody.append(el('tr', { class: 'empty' }, el('td', { colspan: columns, text: message })));
		}
	}

	function setText(node, text) {
		const value = (text === null || text === undefined) ? '' : String(text);
		if (node.textContent !== value) {
			node.textContent = value;
		}
	}

	/** A state written out, coloured by its kind (the colour only repeats the text). */
	function badge(cell, text, kind) {
		const span = cell.firstElementChild || cell.appendChild(el('span'));
		setText(span, text);
		span.className = 'badge ' + (kind || String(text)).toLowerCase();
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

	function duration(seconds) {
		if (seconds === null || seconds === undefined) {
			return '—';
		}
		if (seconds < 60) {
			return seconds + ' s';
		}
		const minutes = Math.floor(seconds / 60);
		return minutes < 60 ? minutes + ' min ' + (seconds % 60) + ' s' : Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
	}

	function bytes(value) {
		if (value === null || value === undefined) {
			return '—';
		}
		const units = ['B', 'KB', 'MB', 'GB', 'TB'];
		let v = value;
		let unit = 0;
		while (v >= 1000 && unit < units.length - 1) {
			v /= 1000;
			unit++;
		}
		return (unit === 0 ? v : v.toFixed(1)) + ' ' + units[unit];
	}

	function number(value) {
		return (value === null || value === undefined) ? '—' : Number(value).toLocaleString('en');
	}

	// Who is signed in

	async function loadMe() {
		me = await call('GET', 'me');
		setText(document.getElementById('whoami'), 'Signed in as ' + me.name + ' (' + me.role + ')');
		document.querySelectorAll('[data-needs="control"]').forEach((node) => { node.hidden = !me.canControl; });
		document.querySelectorAll('[data-needs="enqueue"]').forEach((node) => { node.hidden = !me.canEnqueue; });
		const logout = document.getElementById('logout');
		if (me.csrf) {
			const field = document.getElementById('logout-csrf');
			field.name = me.csrf.parameterName;
			field.value = me.csrf.token;
		}
		else {
			logout.hidden = true;
		}
	}

	// Workers

	function renderWorkers(workers) {
		const tbody = document.getElementById('workers-body');
		syncRows(tbody, workers, (w) => w.name, (w) => {
			const row = el('tr', { 'data-worker': w.name },
				el('th', { scope: 'row', text: w.name }),
				el('td', { class: 'state' }),
				el('td', { class: 'schedule' }),
				el('td', { class: 'num rounds' }),
				el('td', { class: 'num failures' }),
				el('td', { class: 'last-success' }),
				el('td', { class: 'last-error' }));
			if (me.canControl) {
				const worker = 'workers/' + encodeURIComponent(w.name);
				row.append(el('td', { class: 'actions' },
					postButton('pause', 'Pause', 'Pause ' + w.name, worker + '/pause'),
					postButton('resume', 'Resume', 'Resume ' + w.name, worker + '/resume'),
					postButton('trigger', 'Run now', 'Run ' + w.name + ' now', worker + '/trigger')));
			}
			return row;
		}, (row, w) => {
			const state = w.state + (w.pausedOnError ? ' (on error)' : '') + (w.stalled ? ' (stalled)' : '');
			badge(row.querySelector('.state'), state, (w.pausedOnError || w.stalled) ? 'failed' : w.state);
			row.querySelector('.state').title = w.pauseReason || '';
			setText(row.querySelector('.schedule'), w.style + ', ' + w.schedule);
			setText(row.querySelector('.rounds'), number(w.rounds));
			setText(row.querySelector('.failures'), number(w.failures) + (w.consecutiveFailures ? ' (' + w.consecutiveFailures + ' in a row)' : ''));
			setText(row.querySelector('.last-success'), ago(w.lastSuccess));
			setText(row.querySelector('.last-error'), w.lastError ? ago(w.lastError.at) + ': ' + w.lastError.type.replace(/^.*\./, '') + (w.lastError.message ? ': ' + w.lastError.message : '') : '—');
			if (me.canControl) {
				row.querySelector('.pause').disabled = w.state !== 'RUNNING';
				row.querySelector('.resume').disabled = w.state !== 'PAUSED';
				row.querySelector('.trigger').disabled = w.state !== 'RUNNING';
			}
		});
	}

	// Queues

	const STATUSES = ['READY', 'RUNNING', 'SUCCEEDED', 'DEAD', 'CANCELLED'];

	function renderQueues(data) {
		const tbody = document.getElementById('queues-body');
		syncRows(tbody, data.queues, (q) => q.name, (q) => el('tr', { 'data-queue': q.name },
			el('th', { scope: 'row', text: q.name }),
			STATUSES.map((s) => el('td', { class: 'num ' + s.toLowerCase() }))), (row, q) => {
			STATUSES.forEach((s) => setText(row.querySelector('.' + s.toLowerCase()), number(q.counts[s])));
		});
		renderChart(data.throughput);
	}

	function renderChart(throughput) {
		const svg = document.getElementById('chart');
		const points = throughput.points;
		const width = 600;
		const height = 160;
		const top = 12;
		const bottom = 20;
		const left = 44;
		const max = Math.max(1, ...points.map((p) => Math.max(p.succeeded, p.failed)));
		const x = (i) => left + (width - left - 4) * (points.length <= 1 ? 0 : i / (points.length - 1));
		const y = (v) => top + (height - top - bottom) * (1 - v / max);
		const line = (field) => points.map((p, i) => x(i).toFixed(1) + ',' + y(p[field]).toFixed(1)).join(' ');
		const ns = 'http://www.w3.org/2000/svg';
		const shape = (tag, attributes, text) => {
			const node = document.createElementNS(ns, tag);
			Object.entries(attributes).forEach(([k, v]) => node.setAttribute(k, v));
			if (text !== undefined) {
				node.textContent = text;
			}
			return node;
		};
		// Times relative to the answer's own clock, not the browser's.
		const until = Date.parse(throughput.until);
		const behind = Math.max(0, Math.floor((Date.parse(throughput.asOf) - until) / 1000));
		const since = behind + (points.length ? Math.round((until - Date.parse(points[0].at)) / 1000) : 0);
		svg.dataset.scope = throughput.scope;
		svg.replaceChildren(
			shape('line', { x1: left, y1: y(0), x2: width - 4, y2: y(0), class: 'axis' }),
			shape('line', { x1: left, y1: y(max), x2: width - 4, y2: y(max), class: 'grid' }),
			shape('text', { x: left - 6, y: y(max) + 4, 'text-anchor': 'end' }, formatRate(max)),
			shape('text', { x: left - 6, y: y(0) + 4, 'text-anchor': 'end' }, '0'),
			shape('text', { x: left, y: height - 4 }, secondsAgo(since)),
			shape('text', { x: width - 4, y: height - 4, 'text-anchor': 'end' }, behind < 2 ? 'now' : secondsAgo(behind)),
			shape('polyline', { points: line('succeeded'), class: 'ok' }),
			shape('polyline', { points: line('failed'), class: 'failed' }));
		const last = points.length ? points[points.length - 1] : { succeeded: 0, failed: 0 };
		const figures = throughput.bucketSeconds + '-second steps: latest ' + formatRate(last.succeeded)
			+ ' succeeded and ' + formatRate(last.failed) + ' failed per second; peak ' + formatRate(max) + '.';
		if (throughput.scope === 'cluster') {
			const count = throughput.instances.length;
			setText(document.getElementById('chart-caption'), 'Jobs finished per second in the whole cluster ('
				+ count + (count === 1 ? ' instance' : ' instances') + ', as each published them with its last heartbeat), '
				+ secondsAgo(since) + ' to ' + (behind < 2 ? 'now' : secondsAgo(behind)) + ' in ' + figures);
		}
		else {
			setText(document.getElementById('chart-caption'), 'Jobs finished per second on this instance (' + throughput.instance
				+ '), last 5 minutes in ' + figures.replace('latest', 'now'));
		}
	}

	function secondsAgo(seconds) {
		if (seconds < 60) {
			return seconds + ' s ago';
		}
		const minutes = Math.floor(seconds / 60);
		return minutes + ' min' + (seconds % 60 ? ' ' + (seconds % 60) + ' s' : '') + ' ago';
	}

	function formatRate(value) {
		return value >= 100 ? Math.round(value).toLocaleString('en') : String(Math.round(value * 10) / 10);
	}

	// Emails

	function renderEmails(page) {
		const tbody = document.getElementById('emails-body');
		syncRows(tbody, page.items, (e) => e.id, (e) => {
			const row = el('tr', { 'data-email-id': e.id },
				el('td', { class: 'num', text: e.id }),
				el('td', { class: 'status' }),
				el('td', { class: 'to' }),
				el('td', { class: 'subject' }),
				el('td', { class: 'num attempts' }),
				el('td', { class: 'error' }),
				el('td', { class: 'created' }));
			if (me.canControl) {
				row.append(el('td', { class: 'actions' },
					postButton('retry', 'Retry', 'Retry email ' + e.id, 'emails/' + e.id + '/retry'),
					postButton('cancel', 'Cancel', 'Cancel email ' + e.id, 'emails/' + e.id + '/cancel')));
			}
			return row;
		}, (row, e) => {
			badge(row.querySelector('.status'), e.status);
			setText(row.querySelector('.to'), e.to.join(', '));
			setText(row.querySelector('.subject'), e.subject);
			setText(row.querySelector('.attempts'), e.attempts);
			setText(row.querySelector('.error'), e.lastError || '');
			setText(row.querySelector('.created'), ago(e.createdAt));
			if (me.canControl) {
				row.querySelector('.retry').hidden = e.status !== 'FAILED';
				row.querySelector('.cancel').hidden = e.status !== 'QUEUED' && e.status !== 'RETRYING';
			}
		});
		emptyRow(tbody, failedOnly ? 'No failed emails.' : 'No emails yet.', page.items.length);
		setText(document.getElementById('emails-total'), 'Showing the ' + page.items.length + ' newest of ' + number(page.total) + '.');
	}

	// Datasets

	/**
	 * The 20 newest datasets, and every running or queued one (up to 100 each) even if
	 * older, so that none that is still working drops out of sight.
	 */
	async function loadDatasets() {
		const [newest, running, queued] = await Promise.all([call('GET', 'datasets?size=20'),
			call('GET', 'datasets?status=RUNNING&size=100'), call('GET', 'datasets?status=QUEUED&size=100')]);
		const byId = new Map();
		[...newest.items, ...running.items, ...queued.items].forEach((d) => byId.set(d.id, d));
		const items = Array.from(byId.values()).sort((a, b) => b.id - a.id);
		return { items, total: newest.total, shown: newest.items.length };
	}

	function renderDatasets(page) {
		const tbody = document.getElementById('datasets-body');
		syncRows(tbody, page.items, (d) => d.id, (d) => {
			const row = el('tr', { 'data-dataset-id': d.id },
				el('td', { class: 'num', text: d.id }),
				el('td', { class: 'name' }),
				el('td', { class: 'status' }),
				el('td', { class: 'progress' },
					el('progress', { max: '100', value: '0', 'aria-label': 'Progress of dataset ' + d.id }),
					' ', el('span', { class: 'percent' })),
				el('td', { class: 'num rows' }),
				el('td', { class: 'num rate' }),
				el('td', { class: 'num left' }),
				el('td', { class: 'report' }));
			if (me.canControl) {
				row.append(el('td', { class: 'actions' },
					postButton('cancel', 'Cancel', 'Cancel dataset ' + d.id, 'datasets/' + d.id + '/cancel'),
					el('button', { type: 'button', class: 'delete', 'aria-label': 'Delete dataset ' + d.id, text: 'Delete',
						onclick: () => {
							if (window.confirm('Delete dataset ' + d.id + ' with its file and report?')) {
								act('Delete dataset ' + d.id, 'DELETE', 'datasets/' + d.id);
							}
						} })));
			}
			return row;
		}, (row, d) => {
			setText(row.querySelector('.name'), d.name);
			badge(row.querySelector('.status'), d.status);
			const percent = d.progress.percent;
			const bar = row.querySelector('progress');
			if (bar.value !== percent) {
				bar.value = percent;
			}
			setText(row.querySelector('.percent'), (Math.floor(percent * 10) / 10) + '%');
			setText(row.querySelector('.rows'), number(d.progress.rowsProcessed));
			setText(row.querySelector('.rate'), d.status === 'RUNNING' && d.progress.bytesPerSecond ? bytes(d.progress.bytesPerSecond) + '/s' : '—');
			setText(row.querySelector('.left'), d.status === 'RUNNING' ? duration(d.progress.secondsLeft) : '—');
			const report = row.querySelector('.report');
			if (d.status === 'SUCCEEDED' && !report.querySelector('a')) {
				report.replaceChildren(el('a', { href: 'report.html?id=' + d.id, class: 'report-page', text: 'Report',
					'aria-label': 'Report of dataset ' + d.id }), ' ',
					el('a', { href: api('datasets/' + d.id + '/report'), class: 'report-json', text: 'JSON',
						'aria-label': 'Report of dataset ' + d.id + ' as JSON' }));
			}
			else if (d.status !== 'SUCCEEDED') {
				setText(report, d.error || '—');
			}
			if (me.canControl) {
				row.querySelector('.cancel').hidden = d.status !== 'QUEUED' && d.status !== 'RUNNING';
				row.querySelector('.delete').hidden = d.status === 'QUEUED' || d.status === 'RUNNING';
			}
		});
		emptyRow(tbody, 'No datasets yet.', page.items.length);
		setText(document.getElementById('datasets-total'), 'Showing the ' + page.shown + ' newest of ' + number(page.total)
			+ (page.items.length > page.shown ? ', and older ones still queued or running' : '') + '.');
	}

	// Cluster and mailbox

	function renderCluster(cluster) {
		syncRows(document.getElementById('cluster-body'), cluster.instances, (i) => i.id, (i) => el('tr', { 'data-instance': i.id },
			el('th', { scope: 'row', class: 'id' }), el('td', { class: 'host' }), el('td', { class: 'started' }),
			el('td', { class: 'heartbeat' }), el('td', { class: 'singletons' })), (row, i) => {
			setText(row.querySelector('.id'), i.id + (i.self ? ' (this instance)' : ''));
			setText(row.querySelector('.host'), i.host);
			setText(row.querySelector('.started'), i.startedAt ? new Date(i.startedAt).toLocaleString() : '—');
			setText(row.querySelector('.heartbeat'), ago(i.lastHeartbeat));
			setText(row.querySelector('.singletons'), i.singletons.length ? i.singletons.join(', ') : '—');
		});
	}

	function renderMailbox(mailbox) {
		document.getElementById('mailbox').hidden = false;
		document.getElementById('mailbox-link').hidden = false;
		const messages = mailbox.messages.slice().reverse();
		const tbody = document.getElementById('mailbox-body');
		syncRows(tbody, messages, (m) => m.messageId, (m) => el('tr', {},
			el('td', { text: m.subject || '' }), el('td', { text: m.to.join(', ') }),
			el('td', { text: m.from.join(', ') }), el('td', { class: 'mono', text: m.messageId })), () => {});
		emptyRow(tbody, 'No mail caught yet.', messages.length);
	}

	// Polling

	let refreshing = null;
	let refreshAgain = false;
	let lastFullUpdate = null;

	/** Polls every section; a call while a poll runs makes one more poll after it. */
	function refresh() {
		if (refreshing) {
			refreshAgain = true;
			return refreshing;
		}
		clearTimeout(timer);
		refreshing = poll().finally(() => {
			refreshing = null;
			if (refreshAgain) {
				refreshAgain = false;
				return refresh();
			}
			if (!document.hidden) {
				timer = setTimeout(refresh, POLL_MILLIS);
			}
		});
		return refreshing;
	}

	async function poll() {
		const sections = [
			['workers', () => call('GET', 'workers'), renderWorkers],
			['queues', () => call('GET', 'queues' + (chartScope === 'cluster' ? '?throughput=cluster' : '')), renderQueues],
			['emails', () => call('GET', 'emails?size=20' + (failedOnly ? '&status=FAILED' : '')), renderEmails],
			['datasets', loadDatasets, renderDatasets],
			['cluster', () => call('GET', 'cluster'), renderCluster],
			['mailbox', () => call('GET', 'dev/mailbox?limit=20'), renderMailbox],
		];
		const results = await Promise.allSettled(sections.map(([, load]) => load()));
		const problems = [];
		results.forEach((result, i) => {
			const [name, , render] = sections[i];
			let problem = null;
			if (result.status === 'fulfilled') {
				try {
					render(result.value);
				}
				catch (e) {
					problem = e.message;
				}
			}
			else if (!(name === 'mailbox' && result.reason.status === 404)) {
				problem = result.reason.message;
			}
			markSection(name, problem);
			if (problem) {
				problems.push(name);
			}
		});
		const time = new Date().toLocaleTimeString();
		if (problems.length === 0) {
			lastFullUpdate = time;
		}
		const status = document.getElementById('updated');
		status.classList.toggle('stale', problems.length > 0);
		if (problems.length === 0) {
			setText(status, 'Updated at ' + time + '.');
		}
		else if (problems.length >= sections.length - 1) {
			setText(status, 'Not updated' + (lastFullUpdate ? ' since ' + lastFullUpdate : '') + ': the server does not answer.');
		}
		else {
			setText(status, 'Updated at ' + time + ', except ' + problems.join(', ') + ' (see there).');
		}
	}

	/** Marks a section whose data could not be loaded; its rows are then out of date. */
	function markSection(name, problem) {
		const section = document.getElementById(name);
		section.classList.toggle('stale', problem !== null);
		let note = section.querySelector('.section-problem');
		if (problem === null) {
			if (note) {
				note.remove();
			}
			return;
		}
		if (!note) {
			note = el('p', { class: 'section-problem' });
			section.querySelector('h2').after(note);
		}
		setText(note, 'Not up to date: ' + problem);
	}

	// Forms

	function wireForms() {
		document.getElementById('email-form').addEventListener('submit', async (event) => {
			event.preventDefault();
			const form = event.target;
			const sent = await act('Send email', 'POST', 'emails', {
				to: [form.elements.to.value.trim()], subject: form.elements.subject.value, text: form.elements.text.value });
			if (sent) {
				announce('Email ' + sent.id + ' queued.');
				form.reset();
			}
		});
		document.getElementById('dataset-form').addEventListener('submit', async (event) => {
			event.preventDefault();
			const form = event.target;
			const body = new FormData();
			body.append('file', form.elements.file.files[0]);
			if (form.elements.notify.value.trim()) {
				body.append('notify', form.elements.notify.value.trim());
			}
			const uploaded = await act('Upload dataset', 'POST', 'datasets', body);
			if (uploaded) {
				announce('Dataset ' + uploaded.id + ' uploaded.');
				form.reset();
			}
		});
		document.getElementById('emails-failed-only').addEventListener('change', (event) => {
			failedOnly = event.target.checked;
			document.getElementById('emails-body').replaceChildren();
			refresh();
		});
		document.getElementById('chart-scope').addEventListener('change', (event) => {
			chartScope = event.target.value;
			refresh();
		});
		document.getElementById('alert-close').addEventListener('click', () => {
			document.getElementById('alert').hidden = true;
		});
		document.addEventListener('visibilitychange', () => {
			if (!document.hidden) {
				refresh();
			}
		});
	}

	async function start() {
		wireForms();
		try {
			await loadMe();
		}
		catch (e) {
			showError('Cannot tell who is signed in: ' + e.message);
			return;
		}
		refresh();
	}

	start();
})();
