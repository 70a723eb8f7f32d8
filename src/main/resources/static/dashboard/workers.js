/*
 * The workers section: each worker's state, schedule, rounds, failures, last success and
 * last error, and for admins Pause, Resume and Run now, each enabled in the states the
 * API takes it in.
 */

import { call, currentUser } from './http.js';
import { postButton } from './actions.js';
import { byId, el, setBadge, setText, syncRows } from './dom.js';
import { ago, number } from './format.js';
import { allows } from './states.js';

/** Button class, text, action (the last part of its path) and its label for one worker. */
const BUTTONS = [
	['pause', 'Pause', (name) => 'Pause ' + name],
	['resume', 'Resume', (name) => 'Resume ' + name],
	['trigger', 'Run now', (name) => 'Run ' + name + ' now'],
];

export const workersSection = {
	name: 'workers',
	load: () => call('GET', 'workers'),
	render: renderWorkers,
};

function renderWorkers(workers) {
	const control = currentUser().canControl;
	syncRows(byId('workers-body'), workers, (w) => w.name, (w) => {
		const row = el('tr', { 'data-worker': w.name },
			el('th', { scope: 'row', text: w.name }),
			el('td', { class: 'state' }),
			el('td', { class: 'schedule' }),
			el('td', { class: 'num rounds' }),
			el('td', { class: 'num failures' }),
			el('td', { class: 'last-success' }),
			el('td', { class: 'last-error' }));
		if (control) {
			const worker = 'workers/' + encodeURIComponent(w.name);
			row.append(el('td', { class: 'actions' }, BUTTONS.map(([action, text, label]) =>
				postButton(action, text, label(w.name), worker + '/' + action))));
		}
		return row;
	}, (row, w) => {
		const state = w.state + (w.pausedOnError ? ' (on error)' : '') + (w.stalled ? ' (stalled)' : '');
		setBadge(row.querySelector('.state'), state, (w.pausedOnError || w.stalled) ? 'failed' : w.state);
		row.querySelector('.state').title = w.pauseReason || '';
		setText(row.querySelector('.schedule'), w.style + ', ' + w.schedule);
		setText(row.querySelector('.rounds'), number(w.rounds));
		setText(row.querySelector('.failures'), number(w.failures) + (w.consecutiveFailures ? ' (' + w.consecutiveFailures + ' in a row)' : ''));
		setText(row.querySelector('.last-success'), ago(w.lastSuccess));
		setText(row.querySelector('.last-error'), lastError(w.lastError));
		if (control) {
			BUTTONS.forEach(([action]) => {
				row.querySelector('.' + action).disabled = !allows('workers', action, w.state);
			});
		}
	});
}

function lastError(error) {
	return error ? ago(error.at) + ': ' + error.type.replace(/^.*\./, '') + (error.message ? ': ' + error.message : '') : '—';
}
