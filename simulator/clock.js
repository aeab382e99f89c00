// @ts-check
'use strict';

/**
 * The simulator's time: the wall clock plus an offset that tests move forward (`advanceClock`), so a session
 * finishes or a token expires without the test sleeping. Every timestamp the simulator writes or compares comes
 * from here. The offset only grows (a reset keeps it): time never runs backwards for a client.
 */
class Clock {
	constructor() {
		this.offsetMs = 0;
	}

	now() {
		return Date.now() + this.offsetMs;
	}

	/** @param {number} ms */
	advance(ms) {
		if (!(Number(ms) >= 0) || !Number.isFinite(Number(ms))) throw new Error('The clock moves forward only: ms must be a number >= 0');
		this.offsetMs += Number(ms);
		return this.now();
	}
}

module.exports = { Clock };
