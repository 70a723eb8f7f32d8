/*
 * The dashboard's actions: each is a call to the same REST API that curl users call; its
 * outcome is announced, its problem detail, if any, shows in the alert, and the page is
 * read again at once. The focus stays where a keyboard user can go on.
 */

import { call } from './http.js';
import { announce, el, hideError, showError } from './dom.js';

let afterAction = async () => {};

/** What to do after every action (read the page again); set once at start. */
export function whenActed(listener) {
	afterAction = listener;
}

/**
 * Calls the API for an action and answers its result, or null if it failed.
 * @param {string} description what the action does, for the announcement ("Pause email-sender")
 */
export async function act(description, method, path, body) {
	const origin = document.activeElement;
	let result = null;
	try {
		result = await call(method, path, body);
		hideError();
		announce(description + ': done.');
	}
	catch (e) {
		showError(description + ' failed: ' + e.message);
	}
	await afterAction();
	keepFocus(origin);
	return result;
}

/** A button that POSTs to the API, labelled with what it acts on ("Pause email-sender"). */
export function postButton(kind, text, label, path) {
	return el('button', { type: 'button', class: kind, 'aria-label': label, text,
		onclick: () => act(label, 'POST', path) });
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
