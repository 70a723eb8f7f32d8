/*
 * The datasets section: the 20 newest datasets and every one still at work, with a
 * progress bar, rows, rate, time left and links to the report; for admins Cancel while
 * the API takes it, else Delete; for operators a form that uploads a CSV file.
 */

import { api, call, currentUser } from './http.js';
import { act, postButton } from './actions.js';
import { announce, byId, el, emptyRow, setBadge, setText, syncRows } from './dom.js';
import { bytes, duration, number } from './format.js';
import { allows, unended } from './states.js';

export const datasetsSection = {
	name: 'datasets',
	load: loadDatasets,
	render: renderDatasets,
};

/**
 * The 20 newest datasets, and every one that has not ended (queued or running, up to 100
 * of each state) even if older, so that none that is still at work drops out of sight.
 */
async function loadDatasets() {
	const [newest, ...working] = await Promise.all([call('GET', 'datasets?size=20'),
		...unended('datasets').map((status) => call('GET', 'datasets?status=' + status + '&size=100'))]);
	const byKey = new Map();
	[newest, ...working].forEach((page) => page.items.forEach((d) => byKey.set(d.id, d)));
	const items = Array.from(byKey.values()).sort((a, b) => b.id - a.id);
	return { items, total: newest.total, shown: newest.items.length };
}

function renderDatasets(page) {
	const control = currentUser().canControl;
	const tbody = byId('datasets-body');
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
		if (control) {
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
		setBadge(row.querySelector('.status'), d.status);
		const percent = d.progress.percent;
		const bar = row.querySelector('progress');
		if (bar.value !== percent) {
			bar.value = percent;
		}
		setText(row.querySelector('.percent'), (Math.floor(percent * 10) / 10) + '%');
		setText(row.querySelector('.rows'), number(d.progress.rowsProcessed));
		// The API gives a rate and the time left only while the dataset runs.
		setText(row.querySelector('.rate'), d.progress.bytesPerSecond ? bytes(d.progress.bytesPerSecond) + '/s' : '—');
		setText(row.querySelector('.left'), duration(d.progress.secondsLeft));
		const report = row.querySelector('.report');
		if (d.report && !report.querySelector('a')) {
			report.replaceChildren(el('a', { href: 'report.html?id=' + d.id, class: 'report-page', text: 'Report',
				'aria-label': 'Report of dataset ' + d.id }), ' ',
				el('a', { href: api('datasets/' + d.id + '/report'), class: 'report-json', text: 'JSON',
					'aria-label': 'Report of dataset ' + d.id + ' as JSON' }));
		}
		else if (!d.report) {
			setText(report, d.error || '—');
		}
		if (control) {
			// Deleting a queued dataset would cancel it first: that is Cancel's button.
			const cancellable = allows('datasets', 'cancel', d.status);
			row.querySelector('.cancel').hidden = !cancellable;
			row.querySelector('.delete').hidden = cancellable || !allows('datasets', 'delete', d.status);
		}
	});
	emptyRow(tbody, 'No datasets yet.', page.items.length);
	setText(byId('datasets-total'), 'Showing the ' + page.shown + ' newest of ' + number(page.total)
		+ (page.items.length > page.shown ? ', and older ones still queued or running' : '') + '.');
}

/** The form that uploads a CSV file. */
export function wireDatasetForm() {
	byId('dataset-form').addEventListener('submit', async (event) => {
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
}
