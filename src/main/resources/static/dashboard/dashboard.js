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

async function start() {
	whenActed(refresh);
	wireEmailForms(refresh);
	wireDatasetForm();
	wireScopeSwitch(refresh);
	byId('alert-close').addEventListener('click', hideError);
	const [user, states] = await Promise.allSettled([signedIn(), loadStates()]);
	if (user.status === 'rejected') {
		showError('Cannot tell who is signed in: ' + user.reason.message);
		return;
	}
	if (states.status === 'rejected') {
		showError('Cannot read the states of jobs, workers, emails and datasets: ' + states.reason.message);
		return;
	}
	// Whatever needs the states is ready before the page says who is signed in.
	addStatusColumns();
	startJobs();
	showUser(user.value);
	startPolling([workersSection, queuesSection, emailsSection, datasetsSection, clusterSection, mailboxSection]);
}

start();
