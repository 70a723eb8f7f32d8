/*
 * The development mailbox: the mail the embedded SMTP sink caught, newest first. The
 * section shows only where the sink runs (development mode without spring.mail.host);
 * elsewhere the API answers 404, which is no problem.
 */

import { call } from './http.js';
import { byId, el, emptyRow, syncRows } from './dom.js';

export const mailboxSection = {
	name: 'mailbox',
	load: () => call('GET', 'dev/mailbox?limit=20'),
	render: renderMailbox,
	optional: true,
};

function renderMailbox(mailbox) {
	byId('mailbox').hidden = false;
	byId('mailbox-link').hidden = false;
	const messages = mailbox.messages.slice().reverse();
	const tbody = byId('mailbox-body');
	syncRows(tbody, messages, (m) => m.messageId, (m) => el('tr', {},
		el('td', { text: m.subject || '' }), el('td', { text: m.to.join(', ') }),
		el('td', { text: m.from.join(', ') }), el('td', { class: 'mono', text: m.messageId })), () => {});
	emptyRow(tbody, 'No mail caught yet.', messages.length);
}
