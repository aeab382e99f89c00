// @ts-check
'use strict';

/**
 * Timestamps as VBR writes them: ISO 8601 with microseconds and an explicit offset
 * (the spec examples look like "2025-04-23T09:46:47.664243+02:00"). The simulator always answers in UTC.
 * @param {number} ms epoch milliseconds
 */
function isoTime(ms) {
	const s = new Date(ms).toISOString(); // 2025-04-23T09:46:47.664Z
	return `${s.slice(0, 23)}000+00:00`;
}

/**
 * Token timestamps have no fractional part in the spec examples ("2025-04-24T15:24:18+02:00").
 * @param {number} ms
 */
function isoSeconds(ms) {
	return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

module.exports = { isoTime, isoSeconds };
