/*
 * The queues section: each queue's jobs by status, one column per status the API names,
 * and under it the chart of the jobs finished per second.
 */

import { call } from './http.js';
import { byId, el, setText, syncRows } from './dom.js';
import { number } from './format.js';
import { lifecycle } from './states.js';
import { renderChart, throughputQuery } from './throughput.js';

export const queuesSection = {
	name: 'queues',
	load: () => call('GET', 'queues' + throughputQuery()),
	render: renderQueues,
};

/** One column per job status, headed by its name ("Ready"), added once to the table's head. */
export function addStatusColumns() {
	const head = byId('queues-body').closest('table').tHead.rows[0];
	head.append(...lifecycle('jobs').states.map((s) => el('th', { scope: 'col', class: 'num', text: s.charAt(0) + s.slice(1).toLowerCase() })));
}

function renderQueues(data) {
	const statuses = lifecycle('jobs').states;
	syncRows(byId('queues-body'), data.queues, (q) => q.name, (q) => el('tr', { 'data-queue': q.name },
		el('th', { scope: 'row', text: q.name }),
		statuses.map((s) => el('td', { class: 'num ' + s.toLowerCase() }))), (row, q) => {
		statuses.forEach((s) => setText(row.querySelector('.' + s.toLowerCase()), number(q.counts[s])));
	});
	renderChart(data.throughput);
}
