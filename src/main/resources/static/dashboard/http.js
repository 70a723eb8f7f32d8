/*
 * The REST API as every page of the dashboard calls it, with the session of the form
 * login: JSON, the session's CSRF token on each change (and one retry with a fresh token
 * if the session changed), a 401 sends the browser to the login page, and a problem
 * detail becomes the error's message. Also who is signed in (GET /api/me), whose token
 * the changes carry.
 */

const CSRF_REFUSED = 'CSRF token missing or invalid';

/** An API path as a URL relative to the dashboard's pages (so a context path works). */
export const api = (path) => '../api/' + path;

let user = null;
let reading = null;
const userListeners = [];

/**
 * Calls the API and answers its JSON (null for an empty body).
 * @param {string} method the HTTP method
 * @param {string} path the path under /api/, with its query
 * @param {object|FormData} [body] sent as JSON, or as is for a form
 * @throws {Error} with the problem detail as message, and the HTTP status as status
 */
export async function call(method, path, body, retried) {
	const headers = { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
	if (method !== 'GET' && user && user.csrf) {
		headers[user.csrf.headerName] = user.csrf.token;
	}
	let payload = body;
	if (body !== undefined && !(body instanceof FormData)) {
		headers['Content-Type'] = 'application/json';
		payload = JSON.stringify(body);
	}
	const response = await fetch(api(path), { method, headers, body: payload, credentials: 'same-origin' });
	if (response.status === 401) {
		window.location.href = '../login';
		throw new Error('Signed out');
	}
	const text = await response.text();
	const data = text ? safeJson(text) : null;
	if (response.status === 403 && method !== 'GET' && !retried && data && data.title === CSRF_REFUSED) {
		// The session changed (signed in again elsewhere): take its token and try once more.
		await readUser();
		return call(method, path, body, true);
	}
	if (!response.ok) {
		const error = new Error(problemText(response.status, data, text));
		error.status = response.status;
		throw error;
	}
	return data;
}

function safeJson(text) {
	try {
		return JSON.parse(text);
	}
	catch (e) {
		return null;
	}
}

/** A problem detail in one line: title, detail and each invalid field, then the status. */
function problemText(status, problem, text) {
	if (problem && (problem.title || problem.detail)) {
		const parts = [problem.title, problem.detail].filter(Boolean);
		if (Array.isArray(problem.errors)) {
			problem.errors.forEach((v) => parts.push((v.field ? v.field + ': ' : '') + v.message));
		}
		return parts.join(': ') + ' (HTTP ' + status + ')';
	}
	return 'HTTP ' + status + (text ? ': ' + text.slice(0, 200) : '');
}

/**
 * Who is signed in and what they may do ({ name, role, canEnqueue, canControl, csrf }),
 * read once per page however many modules ask.
 */
export function signedIn() {
	return user ? Promise.resolve(user) : (reading || readUser());
}

/** The user once {@link signedIn} has answered, else null. */
export function currentUser() {
	return user;
}

/** Calls the listener with the user each time it is read (a new session brings a new token). */
export function whenUserRead(listener) {
	userListeners.push(listener);
}

function readUser() {
	reading = call('GET', 'me').then((read) => {
		user = read;
		userListeners.forEach((listener) => listener(read));
		return read;
	}).finally(() => {
		reading = null;
	});
	return reading;
}
