/*
 * Who is signed in, in the page's header, and what their role may use: the parts marked
 * data-needs="control" (admins) or "enqueue" (operators) show only to those who may, and
 * the logout form carries the session's CSRF token (a new one when the session changes).
 */

import { whenUserRead } from './http.js';
import { byId, setText } from './dom.js';

/** Shows the user read from GET /api/me, and again whenever it is read anew (a new session). */
export function showUser(user) {
	render(user);
	whenUserRead(render);
}

function render(user) {
	setText(byId('whoami'), 'Signed in as ' + user.name + ' (' + user.role + ')');
	document.querySelectorAll('[data-needs="control"]').forEach((node) => { node.hidden = !user.canControl; });
	document.querySelectorAll('[data-needs="enqueue"]').forEach((node) => { node.hidden = !user.canEnqueue; });
	updateLogout(user);
}

/** The logout form posts the session's token; without a session there is none to end. */
function updateLogout(user) {
	if (user.csrf) {
		const field = byId('logout-csrf');
		field.name = user.csrf.parameterName;
		field.value = user.csrf.token;
	}
	else {
		byId('logout').hidden = true;
	}
}
