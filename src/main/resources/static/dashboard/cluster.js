/*
 * The cluster section: the live instances, their hosts, start and last heartbeat, and the
 * singletons each runs.
 */

import { call } from './http.js';
import { byId, el, setText, syncRows } from './dom.js';
import { ago } from './format.js';

export const clusterSection = {
	name: 'cluster',
	load: () => call('GET', 'cluster'),
	render: renderCluster,
};

function renderCluster(cluster) {
	syncRows(byId('cluster-body'), cluster.instances, (i) => i.id, (i) => el('tr', { 'data-instance': i.id },
		el('th', { scope: 'row', class: 'id' }), el('td', { class: 'host' }), el('td', { class: 'started' }),
		el('td', { class: 'heartbeat' }), el('td', { class: 'singletons' })), (row, i) => {
		setText(row.querySelector('.id'), i.id + (i.self ? ' (this instance)' : ''));
		setText(row.querySelector('.host'), i.host);
		setText(row.querySelector('.started'), i.startedAt ? new Date(i.startedAt).toLocaleString() : '—');
		setText(row.querySelector('.heartbeat'), ago(i.lastHeartbeat));
		setText(row.querySelector('.singletons'), i.singletons.length ? i.singletons.join(', ') : '—');
	});
}
