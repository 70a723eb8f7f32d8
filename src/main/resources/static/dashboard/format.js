/*
 * Numbers, sizes, durations and instants as the dashboard's pages write them; a missing
 * value is a dash.
 */

const NONE = '—';

/** A count with thousands separators ("12,345"). */
export function number(value) {
	return (value === null || value === undefined) ? NONE : Number(value).toLocaleString('en');
}

/** A count and its noun, plural unless one ("1 job", "2 jobs"). */
export function plural(count, word) {
	return number(count) + ' ' + word + (count === 1 ? '' : 's');
}

/** How long ago an instant was: seconds, minutes, or the date and time once an hour old. */
export function ago(instant) {
	if (!instant) {
		return NONE;
	}
	const seconds = Math.round((Date.now() - Date.parse(instant)) / 1000);
	if (seconds < 60) {
		return Math.max(seconds, 0) + ' s ago';
	}
	if (seconds < 3600) {
		return Math.floor(seconds / 60) + ' min ago';
	}
	return new Date(instant).toLocaleString();
}

/** An instant as a date and time, and how long ago it was. */
export function when(instant) {
	return instant ? new Date(instant).toLocaleString() + ' (' + ago(instant) + ')' : NONE;
}

/** A duration in seconds, as seconds, minutes and seconds, or hours and minutes. */
export function duration(seconds) {
	if (seconds === null || seconds === undefined) {
		return NONE;
	}
	if (seconds < 60) {
		return seconds + ' s';
	}
	const minutes = Math.floor(seconds / 60);
	return minutes < 60 ? minutes + ' min ' + (seconds % 60) + ' s' : Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
}

/** A size in bytes, in decimal units ("1.5 MB"). */
export function bytes(value) {
	if (value === null || value === undefined) {
		return NONE;
	}
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let v = value;
	let unit = 0;
	while (v >= 1000 && unit < units.length - 1) {
		v /= 1000;
		unit++;
	}
	return (unit === 0 ? v : v.toFixed(1)) + ' ' + units[unit];
}
