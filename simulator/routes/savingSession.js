// @ts-check
'use strict';

/**
 * The session VBR starts for an add or an edit ("Infrastructure Item Saving"). Its change is applied
 * only when it ends with Success or Warning. A name it reserves is held while it runs, so that a
 * second add of that name is refused, and released when it ends, whatever the result.
 */
const { randomId } = require('../ids');
const { initiator } = require('./common');

/**
 * @typedef {object} SavingChange
 * @property {string} base the collection path; the session refers to `${base}/${id}`
 * @property {string} id the object added or edited
 * @property {string} [reserveName] the name to hold while the session runs (an add, a rename)
 * @property {string[]} steps
 * @property {string} doneTitle
 * @property {string} failMessage
 * @property {() => void} apply
 */

/**
 * Starts the session and answers 201 with it.
 * @param {import('./common').Context} ctx @param {import('./common').RouteRequest} req @param {SavingChange} change
 * @returns {import('./common').RouteResult}
 */
function startSavingSession(ctx, req, change) {
	const { store, sessions } = ctx;
	const sessionId = randomId();
	const nameKey = change.reserveName === undefined ? undefined : change.reserveName.toLowerCase();
	if (nameKey !== undefined) store.reservedNames.set(nameKey, sessionId);
	const session = sessions.start({
		id: sessionId,
		name: 'Infrastructure Item Saving',
		sessionType: 'Infrastructure',
		resourceId: change.id,
		resourceReference: `${change.base}/${change.id}`,
		initiatedBy: initiator(req),
		steps: change.steps,
		doneTitle: change.doneTitle,
		failMessage: change.failMessage,
		apply: change.apply,
		onFinish:
			nameKey === undefined
				? null
				: () => {
						if (store.reservedNames.get(nameKey) === sessionId) store.reservedNames.delete(nameKey);
					},
	}, req.now);
	return { status: 201, body: sessions.view(session, req.f, req.now) };
}

module.exports = { startSavingSession };
