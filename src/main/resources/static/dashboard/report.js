/*
 * The report page of one dataset (report.html?id=N): loads the report JSON from the REST
 * API with the dashboard's session and draws, per column, its figures and a chart in SVG.
 * Everything from the report (column names, top values) is user data: it only ever goes
 * into the page as text (textContent), never as markup. No inline script or style, so the
 * page runs under the dashboard's Content-Security-Policy. An ES module; the API call, the
 * DOM helpers and the number format are the dashboard's (http.js, dom.js, format.js).
 */

import { api, call, signedIn } from './http.js';
import { byId, el, shape, showError } from './dom.js';
import { number as count } from './format.js';

const BARS = 20;

/** An SVG element with a tooltip (and accessible name) given as text. */
function titled(node, title) {
	node.append(shape('title', {}, title));
	return node;
}

// Formatting

function decimal(value) {
	if (value === null || value === undefined || Number.isNaN(value)) {
		return '—';
	}
	const magnitude = Math.abs(value);
	if (magnitude !== 0 && (magnitude < 0.001 || magnitude >= 1e15)) {
		return value.toExponential(3);
	}
	return value.toLocaleString('en', { maximumFractionDigits: magnitude >= 100 ? 2 : 4 });
}

function percent(part, whole) {
	if (!whole) {
		return '';
	}
	const share = 100 * part / whole;
	return (share > 0 && share < 0.1) ? '< 0.1 %' : (Math.round(share * 10) / 10) + ' %';
}

/** An instant in seconds since the epoch, as a date or a UTC timestamp. */
function instant(seconds, type) {
	const iso = new Date(seconds * 1000).toISOString();
	return type === 'DATE' ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ') + ' UTC';
}

function isNumeric(column) {
	return column.type === 'INTEGER' || column.type === 'DECIMAL';
}

function isTemporal(column) {
	return column.type === 'DATE' || column.type === 'TIMESTAMP';
}

/** A value of a column's axis: a number, or an instant for date and timestamp columns. */
function axisValue(column, value) {
	return isTemporal(column) ? instant(value, column.type) : decimal(value);
}

/**
 * The distinct count and its error bound: exact, or an estimate with its relative
 * standard error (reports that state none get "an estimate").
 */
function distinctText(column) {
	const exact = (typeof column.distinctExact === 'boolean') ? column.distinctExact : column.distinctError === 0;
	if (column.count === 0 || exact) {
		return count(column.distinct) + ' (exact)';
	}
	if (typeof column.distinctError === 'number' && column.distinctError > 0) {
		const error = column.distinctError * 100;
		return 'about ' + count(column.distinct) + ' (relative standard error ' + error.toFixed(1)
			+ ' %: within ±' + (2 * error).toFixed(1) + ' % of the true count in about 95 % of cases)';
	}
	return 'about ' + count(column.distinct) + ' (an estimate; this report states no error bound)';
}

// Histogram from quantiles

/**
 * The quantiles a column's histogram is drawn from, as points (q, value) with q from
 * 0 to 1: the report's 21 (every 5 %), or, in a report without them, the minimum,
 * median, 95th and 99th percentiles and maximum of a numeric column.
 */
function quantilePoints(column) {
	if (Array.isArray(column.quantiles) && column.quantiles.length >= 2) {
		const last = column.quantiles.length - 1;
		return { fine: true, points: column.quantiles.map((value, i) => ({ q: i / last, value })) };
	}
	if (isNumeric(column) && [column.min, column.p50, column.p95, column.p99, column.max].every(Number.isFinite)) {
		return { fine: false, points: [{ q: 0, value: column.min }, { q: 0.5, value: column.p50 },
			{ q: 0.95, value: column.p95 }, { q: 0.99, value: column.p99 }, { q: 1, value: column.max }] };
	}
	return null;
}

/**
 * Equal-probability slices between consecutive quantiles re-binned into bars of equal
 * width: each slice's share of the values is spread evenly over its range and added to
 * the bars it overlaps; a slice of a single repeated value goes whole to its bar. With
 * bars of equal width, a bar's share is proportional to the density there.
 */
function histogram(column, points) {
	let previous = -Infinity;
	const sorted = points.map((p) => {
		previous = Math.max(previous, p.value);
		return { q: p.q, value: previous };
	});
	let low = sorted[0].value;
	let high = sorted[sorted.length - 1].value;
	let bars = BARS;
	const perInteger = column.type === 'INTEGER' && high - low < 2 * BARS;
	if (perInteger) {
		// One bar per integer, centred on it.
		bars = high - low + 1;
		low -= 0.5;
		high += 0.5;
	}
	else if (!(high > low)) {
		bars = 1;
		low -= 0.5;
		high += 0.5;
	}
	const width = (high - low) / bars;
	const barOf = (value) => Math.min(bars - 1, Math.max(0, Math.floor((value - low) / width)));
	const shares = new Array(bars).fill(0);
	for (let i = 1; i < sorted.length; i++) {
		const mass = sorted[i].q - sorted[i - 1].q;
		const from = sorted[i - 1].value;
		const to = sorted[i].value;
		if (mass <= 0) {
			continue;
		}
		if (!(to > from)) {
			shares[barOf(from)] += mass;
			continue;
		}
		for (let bar = barOf(from); bar <= barOf(to); bar++) {
			const overlap = Math.min(to, low + (bar + 1) * width) - Math.max(from, low + bar * width);
			if (overlap > 0) {
				shares[bar] += mass * overlap / (to - from);
			}
		}
	}
	return { low, high, width, shares, perInteger };
}

function histogramFigure(column, index) {
	const source = quantilePoints(column);
	if (!source) {
		return el('p', { class: 'hint no-chart', text: isTemporal(column)
			? 'No histogram: this report has no quantiles for this column (it was made before dates went into the quantile sketch).'
			: 'No histogram: this report has no quantiles for this column.' });
	}
	const values = source.points.map((p) => p.value);
	if (Math.min(...values) === Math.max(...values)) {
		return el('p', { class: 'hint no-chart', text: 'Every value is ' + axisValue(column, values[0]) + ': no histogram to draw.' });
	}
	const { low, high, width, shares, perInteger } = histogram(column, source.points);
	const chart = { width: 600, height: 190, top: 12, bottom: 34, left: 52, right: 8 };
	const plotWidth = chart.width - chart.left - chart.right;
	const plotHeight = chart.height - chart.top - chart.bottom;
	const max = Math.max(...shares, 1e-12);
	const captionId = 'histogram-caption-' + index;
	const svg = shape('svg', { class: 'histogram', viewBox: '0 0 ' + chart.width + ' ' + chart.height, role: 'img',
		'aria-labelledby': captionId });
	const y = (share) => chart.top + plotHeight * (1 - share / max);
	svg.append(
		shape('line', { class: 'grid', x1: chart.left, y1: y(max), x2: chart.width - chart.right, y2: y(max) }),
		shape('text', { x: chart.left - 6, y: y(max) + 4, 'text-anchor': 'end' }, percent(max, 1)),
		shape('text', { x: chart.left - 6, y: y(0) + 4, 'text-anchor': 'end' }, '0 %'));
	const barWidth = plotWidth / shares.length;
	const label = (value) => axisValue(column, value);
	shares.forEach((share, bar) => {
		const from = low + bar * width;
		const to = from + width;
		const range = perInteger ? decimal(from + 0.5)
			: axisValue(column, from) + ' to ' + axisValue(column, to);
		svg.append(titled(shape('rect', { class: 'bar', x: (chart.left + bar * barWidth + 1).toFixed(1),
			y: y(share).toFixed(1), width: Math.max(barWidth - 2, 1).toFixed(1),
			height: Math.max(y(0) - y(share), 0).toFixed(1) }), range + ': about ' + percent(share, 1) + ' of the values'));
	});
	svg.append(shape('line', { class: 'axis', x1: chart.left, y1: y(0), x2: chart.width - chart.right, y2: y(0) }));
	const first = perInteger ? low + 0.5 : low;
	const last = perInteger ? high - 0.5 : high;
	svg.append(shape('text', { x: chart.left, y: chart.height - 14 }, label(first)),
		shape('text', { x: chart.width - chart.right, y: chart.height - 14, 'text-anchor': 'end' }, label(last)));
	if (shares.length > 2) {
		const middle = perInteger ? low + 0.5 + Math.floor(shares.length / 2) : low + (high - low) / 2;
		const x = perInteger ? chart.left + (Math.floor(shares.length / 2) + 0.5) * barWidth : chart.left + plotWidth / 2;
		svg.append(shape('text', { x, y: chart.height - 14, 'text-anchor': 'middle' }, label(middle)));
	}
	const tallest = shares.indexOf(Math.max(...shares));
	const how = source.fine
		? 'Drawn from the ' + source.points.length + ' quantiles of the column\'s t-digest (every '
			+ decimal(100 / (source.points.length - 1)) + ' %): each slice between consecutive quantiles holds the same share of the values'
		: 'Drawn from the minimum, median, 95th and 99th percentiles and maximum only (this report has no finer quantiles): slices of 50, 45, 4 and 1 % of the values';
	const caption = el('figcaption', { id: captionId, text: 'Histogram of ' + column.name + ': share of the values per bar, '
		+ (perInteger ? 'one bar per integer' : shares.length + ' bars of equal width') + ' from ' + label(first) + ' to ' + label(last)
		+ (isTemporal(column) ? ' (UTC)' : '') + '. ' + how + ', spread evenly over its range and added to the bars it overlaps;'
		+ ' a slice of one repeated value goes whole to its bar. An estimate. Tallest bar: about ' + percent(shares[tallest], 1)
		+ ' of the values.' });
	return el('figure', { class: 'chart histogram-figure' }, svg, caption);
}

// Top values

function topValuesFigure(column, index) {
	const top = column.topValues || [];
	if (top.length === 0) {
		return el('p', { class: 'hint no-chart', text: 'No top values.' });
	}
	const row = 24;
	const chart = { width: 600, left: 190, right: 110, top: 6 };
	const height = chart.top * 2 + row * top.length;
	const plotWidth = chart.width - chart.left - chart.right;
	const max = Math.max(...top.map((t) => t.count), 1);
	const captionId = 'top-caption-' + index;
	const svg = shape('svg', { class: 'top-values', viewBox: '0 0 ' + chart.width + ' ' + height, role: 'img',
		'aria-labelledby': captionId });
	top.forEach((t, i) => {
		const y = chart.top + i * row;
		const sure = Math.max(t.count - t.error, 0);
		const shown = t.value.length > 28 ? t.value.slice(0, 27) + '…' : t.value;
		const amount = t.error > 0 ? count(sure) + '–' + count(t.count) : count(t.count);
		const group = titled(shape('g', { class: 'top-value' }), t.value + ': ' + amount + ' ('
			+ percent(t.count, column.count) + ' of the values)');
		group.append(
			shape('text', { x: chart.left - 8, y: y + row / 2 + 4, 'text-anchor': 'end', class: 'label' }, shown),
			shape('rect', { class: 'bar', x: chart.left, y: y + 3, width: (plotWidth * sure / max).toFixed(1),
				height: row - 6 }));
		if (t.error > 0) {
			group.append(shape('rect', { class: 'bar uncertain', x: (chart.left + plotWidth * sure / max).toFixed(1),
				y: y + 3, width: (plotWidth * (t.count - sure) / max).toFixed(1), height: row - 6 }));
		}
		group.append(shape('text', { x: chart.left + plotWidth * t.count / max + 6, y: y + row / 2 + 4, class: 'count' },
			amount));
		svg.append(group);
	});
	const uncertain = top.some((t) => t.error > 0);
	const caption = el('figcaption', { id: captionId, text: 'The ' + top.length + ' most frequent values of ' + column.name
		+ ', by count' + (uncertain ? ': a solid bar is the count a value surely has, its pale end by how much the count may be too high (Space-Saving sketch)' : ' (exact counts)')
		+ '. Values longer than 28 characters are cut here; the tooltip and the JSON have them whole.' });
	return el('figure', { class: 'chart top-figure' }, svg, caption);
}

// Columns

function facts(rows) {
	return el('table', { class: 'facts' }, el('tbody', {}, rows.filter(Boolean).map(([name, value]) =>
		el('tr', {}, el('th', { scope: 'row', text: name }), el('td', { class: 'num', text: value })))));
}

function columnSection(report, column, index) {
	const profiled = report.rows - report.malformedRows;
	const numeric = isNumeric(column);
	const temporal = isTemporal(column);
	const rows = [
		['Type', column.type],
		['Values', count(column.count) + (profiled ? ' (' + percent(column.count, profiled) + ')' : '')],
		['Empty (null)', count(column.empty) + (profiled ? ' (' + percent(column.empty, profiled) + ')' : '')],
		['Malformed rows left out', count(report.malformedRows)],
		['Distinct', distinctText(column)],
	];
	if (numeric) {
		rows.push(['Minimum', decimal(column.min)], ['Maximum', decimal(column.max)], ['Mean', decimal(column.mean)],
			['Standard deviation', decimal(column.standardDeviation)], ['Median (p50)', decimal(column.p50)],
			['95th percentile', decimal(column.p95)], ['99th percentile', decimal(column.p99)]);
	}
	if (temporal) {
		rows.push(['Earliest', column.earliest], ['Latest', column.latest]);
		if (Array.isArray(column.quantiles) && column.quantiles.length === 21) {
			rows.push(['Median', instant(column.quantiles[10], column.type)]);
		}
	}
	const headingId = 'column-title-' + index;
	const section = el('section', { class: 'column', id: 'column-' + index, 'data-column-type': column.type,
		'aria-labelledby': headingId },
		el('h3', { id: headingId }, el('span', { class: 'column-name', text: column.name }), ' ',
			el('span', { class: 'badge type', text: column.type })));
	const body = el('div', { class: 'column-body' }, facts(rows));
	if (numeric || temporal) {
		body.append(histogramFigure(column, index));
	}
	else if (column.type === 'TEXT') {
		body.append(topValuesFigure(column, index));
	}
	section.append(body);
	if (Array.isArray(column.quantiles) && column.quantiles.length >= 2) {
		const last = column.quantiles.length - 1;
		section.append(el('details', { class: 'quantiles' }, el('summary', { text: 'All quantiles' }),
			el('table', { class: 'facts' }, el('tbody', {}, column.quantiles.map((value, i) => el('tr', {},
				el('th', { scope: 'row', text: decimal(100 * i / last) + ' %' }),
				el('td', { class: 'num', text: axisValue(column, value) })))))));
	}
	return section;
}

function render(id, dataset, report) {
	document.title = 'Report of ' + dataset.name + ' · Longhaul';
	byId('report-title').textContent = 'Report of dataset ' + id + ': ' + dataset.name;
	const summary = byId('summary-facts');
	const item = (name, value) => [el('dt', { text: name }), el('dd', { text: value })];
	summary.replaceChildren(...item('Rows', count(report.rows)),
		...item('Malformed rows', count(report.malformedRows) + (report.malformedRows ? ' (left out of every column)' : '')),
		...item('Columns', count(report.columns.length)), ...item('File size', count(dataset.sizeBytes) + ' bytes'),
		...item('Processed', dataset.finishedAt ? new Date(dataset.finishedAt).toLocaleString() : '—'));
	if (report.errors && report.errors.length) {
		byId('row-errors').hidden = false;
		byId('row-errors-summary').textContent = 'Malformed rows: the first ' + report.errors.length
			+ ' of ' + count(report.malformedRows);
		byId('row-errors-body').replaceChildren(...report.errors.map((e) =>
			el('tr', {}, el('td', { class: 'num', text: e.line }), el('td', { text: e.message }))));
	}
	byId('toc').replaceChildren(...report.columns.map((column, i) =>
		el('li', {}, el('a', { href: '#column-' + i, text: column.name }), ' ', el('span', { class: 'hint', text: column.type }))));
	byId('columns').replaceChildren(...report.columns.map((column, i) =>
		columnSection(report, column, i)));
	byId('summary').hidden = false;
}

async function start() {
	byId('print-link').addEventListener('click', (event) => {
		event.preventDefault();
		window.print();
	});
	const main = byId('main');
	const id = new URLSearchParams(window.location.search).get('id');
	try {
		if (!id || !/^[0-9]{1,18}$/.test(id)) {
			throw new Error('No dataset given: open this page as report.html?id=N, from the dashboard\'s Report link.');
		}
		const json = byId('json-link');
		json.href = api('datasets/' + id + '/report');
		json.hidden = false;
		signedIn().then((me) => {
			byId('whoami').textContent = 'Signed in as ' + me.name + ' (' + me.role + ')';
		}, () => {});
		const [dataset, report] = await Promise.all([call('GET', 'datasets/' + id), call('GET', 'datasets/' + id + '/report')]);
		render(id, dataset, report);
	}
	catch (e) {
		byId('report-title').textContent = 'Dataset report' + (id && /^[0-9]+$/.test(id) ? ' ' + id : '');
		showError('Cannot show the report: ' + e.message);
	}
	finally {
		byId('loading').hidden = true;
		main.setAttribute('aria-busy', 'false');
		main.classList.add('loaded');
	}
}

start();
