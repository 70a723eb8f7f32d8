/*
 * The Longhaul dashboard: reads the REST API every two seconds and updates the sections
 * in place (rows are kept, so a focused button keeps its focus). Every action is a call
 * to the same REST API that curl users call; its problem detail, if any, shows in the
 * alert. ES modules, no framework and no build; one module per section, and the states
 * of jobs, workers, emails and datasets come from the API (GET /api/states).
 */

import { signedIn } from './http.js';
import { whenActed } from './actions.js';
import { byId, hideError, showError } from './dom.js';
import { clusterSection } from './cluster.js';
import { datasetsSection, wireDatasetForm } from './datasets.js';
import { emailsSection, wireEmailForms } from './emails.js';
import { startJobs } from './jobs.js';
import { mailboxSection } from './mailbox.js';
import { refresh, startPolling } from './polling.js';
import { addStatusColumns, queuesSection } from './queues.js';
import { loadStates } from './states.js';
import { wireScopeSwitch } from './throughput.js';
import { showUser } from './user.js';
import { workersSection } from './workers.js';

/** How long the page waits before it asks again for what it needs to start. */
const START_RETRY_MILLIS = 2000;

async function start() {
	whenActed(refresh);
	wireEmailForms(refresh);
	wireDatasetForm();
	wireScopeSwitch(refresh);
	byId('alert-close').addEventListener('click', hideError);
	const user = await userAndStates();
	// Whatever needs the states is ready before the page says who is signed in.
	addStatusColumns();
	startJobs();
	showUser(user);
	startPolling([workersSection, queuesSection, emailsSection, datasetsSection, clusterSection, mailboxSection]);
}

/**
 * Who is signed in and the states, which every section needs: read until both answer (a
 * server restarting or a network blip at load time only delays the page), saying why meanwhile.
 */
async function userAndStates() {
	for (;;) {
		const [user, states] = await Promise.allSettled([signedIn(), loadStates()]);
		if (user.status === 'fulfilled' && states.status === 'fulfilled') {
			hideError();
			return user.value;
		}
		showError((user.status === 'rejected')
			? 'Cannot tell who is signed in: ' + user.reason.message + '; trying again'
			: 'Cannot read the states of jobs, workers, emails and datasets: ' + states.reason.message
				+ '; trying again');
		await new Promise((resolve) => setTimeout(resolve, START_RETRY_MILLIS));
	}
}

start();
