/*
 * The chart of the jobs finished per second over the last 5 minutes, of this instance or
 * of the whole cluster (the switch above it), in SVG, with a caption that says the same
 * figures in words.
 */

import { byId, setText, shape } from './dom.js';

const WIDTH = 600;
const HEIGHT = 160;
const TOP = 12;
const BOTTOM = 20;
const LEFT = 44;

let scope = 'instance';

/** The query that asks GET /api/queues for the chosen scope's throughput. */
export function throughputQuery() {
	return scope === 'cluster' ? '?throughput=cluster' : '';
}

/** Follows the scope switch; the listener reads the queues again. */
export function wireScopeSwitch(changed) {
	byId('chart-scope').addEventListener('change', (event) => {
		scope = event.target.value;
		changed();
	});
}

export function renderChart(throughput) {
	const svg = byId('chart');
	const points = throughput.points;
	const max = Math.max(1, ...points.map((p) => Math.max(p.succeeded, p.failed)));
	const x = (i) => LEFT + (WIDTH - LEFT - 4) * (points.length <= 1 ? 0 : i / (points.length - 1));
	const y = (v) => TOP + (HEIGHT - TOP - BOTTOM) * (1 - v / max);
	const line = (field) => points.map((p, i) => x(i).toFixed(1) + ',' + y(p[field]).toFixed(1)).join(' ');
	// Times relative to the answer's own clock, not the browser's.
	const until = Date.parse(throughput.until);
	const behind = Math.max(0, Math.floor((Date.parse(throughput.asOf) - until) / 1000));
	const since = behind + (points.length ? Math.round((until - Date.parse(points[0].at)) / 1000) : 0);
	svg.dataset.scope = throughput.scope;
	svg.replaceChildren(
		shape('line', { x1: LEFT, y1: y(0), x2: WIDTH - 4, y2: y(0), class: 'axis' }),
		shape('line', { x1: LEFT, y1: y(max), x2: WIDTH - 4, y2: y(max), class: 'grid' }),
		shape('text', { x: LEFT - 6, y: y(max) + 4, 'text-anchor': 'end' }, formatRate(max)),
		shape('text', { x: LEFT - 6, y: y(0) + 4, 'text-anchor': 'end' }, '0'),
		shape('text', { x: LEFT, y: HEIGHT - 4 }, secondsAgo(since)),
		shape('text', { x: WIDTH - 4, y: HEIGHT - 4, 'text-anchor': 'end' }, behind < 2 ? 'now' : secondsAgo(behind)),
		shape('polyline', { points: line('succeeded'), class: 'ok' }),
		shape('polyline', { points: line('failed'), class: 'failed' }));
	const last = points.length ? points[points.length - 1] : { succeeded: 0, failed: 0 };
	const figures = throughput.bucketSeconds + '-second steps: latest ' + formatRate(last.succeeded)
		+ ' succeeded and ' + formatRate(last.failed) + ' failed per second; peak ' + formatRate(max) + '.';
	if (throughput.scope === 'cluster') {
		const count = throughput.instances.length;
		setText(byId('chart-caption'), 'Jobs finished per second in the whole cluster ('
			+ count + (count === 1 ? ' instance' : ' instances') + ', as each published them with its last heartbeat), '
			+ secondsAgo(since) + ' to ' + (behind < 2 ? 'now' : secondsAgo(behind)) + ' in ' + figures);
	}
	else {
		setText(byId('chart-caption'), 'Jobs finished per second on this instance (' + throughput.instance
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
