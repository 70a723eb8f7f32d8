/*
 * The states of jobs, workers, emails and datasets and the actions each state allows, as
 * the server states them (GET /api/states), so that no page copies them from Java: a
 * button shows only where the API would take its action.
 */

import { call } from './http.js';

let states = null;
let reading = null;

/** Reads the states once per page, however many modules ask. */
export function loadStates() {
	if (!reading) {
		reading = call('GET', 'states').then((read) => {
			states = read;
			return read;
		}, (e) => {
			reading = null;
			throw e;
		});
	}
	return reading;
}

/**
 * The life of one kind of thing, once loaded: { states, ended, failed, actions }.
 * @param {string} kind jobs, workers, emails or datasets
 */
export function lifecycle(kind) {
	if (!states) {
		throw new Error('The states are not loaded yet');
	}
	return states[kind];
}

/** Whether the API takes the action on a thing of this kind in this state. */
export function allows(kind, action, state) {
	const allowed = lifecycle(kind).actions[action];
	return Array.isArray(allowed) && allowed.includes(state);
}

/** The states of a kind that have not ended: those in which something still happens. */
export function unended(kind) {
	const life = lifecycle(kind);
	return life.states.filter((state) => !life.ended.includes(state));
}
