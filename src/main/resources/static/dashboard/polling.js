/*
 * Reads every section of the dashboard every two seconds while the page is seen, and
 * says in the status line when it was last up to date; a section whose data could not be
 * read says so itself and keeps its rows.
 */

import { byId, el, setText } from './dom.js';

const POLL_MILLIS = 2000;

let sections = [];
let timer = null;
let refreshing = null;
let refreshAgain = false;
let lastFullUpdate = null;

/**
 * Starts polling.
 * @param {Array} polled per section: { name (the id of its section element), load (answers
 * a promise of its data), render (shows it), optional (a 404 means it is off, not a problem) }
 */
export function startPolling(polled) {
	sections = polled;
	document.addEventListener('visibilitychange', () => {
		if (!document.hidden) {
			refresh();
		}
	});
	return refresh();
}

/** Polls every section; a call while a poll runs makes one more poll after it. */
export function refresh() {
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
	const results = await Promise.allSettled(sections.map((section) => section.load()));
	const problems = [];
	results.forEach((result, i) => {
		const section = sections[i];
		let problem = null;
		if (result.status === 'fulfilled') {
			try {
				section.render(result.value);
			}
			catch (e) {
				problem = e.message;
			}
		}
		else if (!(section.optional && result.reason.status === 404)) {
			problem = result.reason.message;
		}
		markSection(section.name, problem);
		if (problem) {
			problems.push(section.name);
		}
	});
	const time = new Date().toLocaleTimeString();
	if (problems.length === 0) {
		lastFullUpdate = time;
	}
	const status = byId('updated');
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
	const section = byId(name);
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
