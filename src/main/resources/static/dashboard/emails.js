/*
 * The emails section: the newest emails (or only the failed ones) with their status,
 * recipients, subject, tries and last error; for admins Retry and Cancel, each shown in
 * the states the API takes it in; for operators a form that sends one.
 */

import { call, currentUser } from './http.js';
import { act, postButton } from './actions.js';
import { announce, byId, el, emptyRow, setBadge, setText, syncRows } from './dom.js';
import { ago, number } from './format.js';
import { allows, lifecycle } from './states.js';

const ACTIONS = ['retry', 'cancel'];

let failedOnly = false;

export const emailsSection = {
	name: 'emails',
	load: () => call('GET', 'emails?size=20' + (failedOnly ? '&status=' + lifecycle('emails').failed : '')),
	render: renderEmails,
};

function renderEmails(page) {
	const control = currentUser().canControl;
	const tbody = byId('emails-body');
	syncRows(tbody, page.items, (e) => e.id, (e) => {
		const row = el('tr', { 'data-email-id': e.id },
			el('td', { class: 'num', text: e.id }),
			el('td', { class: 'status' }),
			el('td', { class: 'to' }),
			el('td', { class: 'subject' }),
			el('td', { class: 'num attempts' }),
			el('td', { class: 'error' }),
			el('td', { class: 'created' }));
		if (control) {
			row.append(el('td', { class: 'actions' },
				postButton('retry', 'Retry', 'Retry email ' + e.id, 'emails/' + e.id + '/retry'),
				postButton('cancel', 'Cancel', 'Cancel email ' + e.id, 'emails/' + e.id + '/cancel')));
		}
		return row;
	}, (row, e) => {
		setBadge(row.querySelector('.status'), e.status);
		setText(row.querySelector('.to'), e.to.join(', '));
		setText(row.querySelector('.subject'), e.subject);
		setText(row.querySelector('.attempts'), e.attempts);
		setText(row.querySelector('.error'), e.lastError || '');
		setText(row.querySelector('.created'), ago(e.createdAt));
		if (control) {
			ACTIONS.forEach((action) => {
				row.querySelector('.' + action).hidden = !allows('emails', action, e.status);
			});
		}
	});
	emptyRow(tbody, failedOnly ? 'No failed emails.' : 'No emails yet.', page.items.length);
	setText(byId('emails-total'), 'Showing the ' + page.items.length + ' newest of ' + number(page.total) + '.');
}

/** The form that sends an email, and the switch to the failed ones only. */
export function wireEmailForms(changed) {
	byId('email-form').addEventListener('submit', async (event) => {
		event.preventDefault();
		const form = event.target;
		const sent = await act('Send email', 'POST', 'emails', {
			to: [form.elements.to.value.trim()], subject: form.elements.subject.value, text: form.elements.text.value });
		if (sent) {
			announce('Email ' + sent.id + ' queued.');
			form.reset();
		}
	});
	byId('emails-failed-only').addEventListener('change', (event) => {
		failedOnly = event.target.checked;
		byId('emails-body').replaceChildren();
		changed();
	});
}
