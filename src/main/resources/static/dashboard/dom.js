/*
 * Building and updating the page, text only: every value from the API goes in as
 * textContent or an attribute, never as markup, so a job's error or a file's column name
 * shows as typed and the Content-Security-Policy never has an inline handler to refuse.
 */

const SVG = 'http://www.w3.org/2000/svg';

export const byId = (id) => document.getElementById(id);

/**
 * An element with attributes and children: the attribute "text" is its text, "onclick"
 * a click listener; false, null and undefined attributes are left out, true is empty.
 */
export function el(tag, attributes, ...children) {
	const node = document.createElement(tag);
	Object.entries(attributes || {}).forEach(([name, value]) => {
		if (value === false || value === null || value === undefined) {
			return;
		}
		if (name === 'text') {
			node.textContent = value;
		}
		else if (name === 'onclick') {
			node.addEventListener('click', value);
		}
		else {
			node.setAttribute(name, value === true ? '' : value);
		}
	});
	children.flat().forEach((child) => node.append(child));
	return node;
}

/** An SVG element with attributes and, if given, a text. */
export function shape(tag, attributes, text) {
	const node = document.createElementNS(SVG, tag);
	Object.entries(attributes).forEach(([k, v]) => node.setAttribute(k, v));
	if (text !== undefined) {
		node.textContent = text;
	}
	return node;
}

/** Sets a node's text, only if it changed (null and undefined show as nothing). */
export function setText(node, text) {
	const value = (text === null || text === undefined) ? '' : String(text);
	if (node.textContent !== value) {
		node.textContent = value;
	}
}

/** A state written out, coloured by its kind (the colour only repeats the text). */
export function badge(text, kind) {
	return el('span', { class: badgeClass(text, kind), text });
}

/** Shows a state in a cell's badge, made once and then updated. */
export function setBadge(cell, text, kind) {
	const span = cell.firstElementChild || cell.appendChild(el('span'));
	setText(span, text);
	span.className = badgeClass(text, kind);
}

function badgeClass(text, kind) {
	return 'badge ' + (kind || String(text)).toLowerCase();
}

/**
 * Makes the rows of a table body match the items, in order: a row per key is created
 * once, then only updated, so a focused button keeps its focus.
 */
export function syncRows(tbody, items, key, create, update) {
	const existing = new Map();
	Array.from(tbody.rows).forEach((row) => existing.set(row.dataset.key, row));
	items.forEach((item, index) => {
		const k = String(key(item));
		let row = existing.get(k);
		if (!row) {
			row = create(item);
			row.dataset.key = k;
		}
		existing.delete(k);
		update(row, item);
		if (tbody.rows[index] !== row) {
			tbody.insertBefore(row, tbody.rows[index] || null);
		}
	});
	existing.forEach((row) => row.remove());
}

/**
 * Keeps one row saying the table is empty while it has no items (and none once it has),
 * spanning the columns shown.
 */
export function emptyRow(tbody, message, count) {
	const columns = Array.from(tbody.closest('table').tHead.rows[0].cells).filter((cell) => !cell.hidden).length;
	const old = tbody.querySelector('tr.empty');
	if (count > 0) {
		if (old) {
			old.remove();
		}
		return;
	}
	if (!old) {
		tbody.append(el('tr', { class: 'empty' }, el('td', { colspan: columns, text: message })));
	}
}

/** Shows the problem of an action in the page's alert. */
export function showError(message) {
	byId('alert-text').textContent = message;
	byId('alert').hidden = false;
}

/** Hides the alert, the last action having gone well. */
export function hideError() {
	byId('alert').hidden = true;
}

/** Tells the outcome of an action, also to screen readers (the polling stays quiet). */
export function announce(message) {
	byId('announce').textContent = message;
}
