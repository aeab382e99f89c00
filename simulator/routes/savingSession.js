// @ts-check
'use strict';

/**
 * The sessions of a change to the inventory. An add or an edit starts "Infrastructure Item Saving",
 * whose change is applied only when it ends with Success or Warning; a name it reserves is held while
 * it runs, so that a second add of that name is refused, and released when it ends, whatever the
 * result. A removal leaves a finished "Infrastructure Item Deletion".
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

/**
 * A removal is immediate in VBR (204): it leaves a finished "Infrastructure Item Deletion" session.
 * @param {import('./common').Context} ctx @param {import('./common').RouteRequest} req
 * @param {{ id: string, what: string, name: string, backupsDeleted: boolean }} removed `what` in lower case
 */
function recordDeletion(ctx, req, removed) {
	const { id, what, name } = removed;
	ctx.sessions.addCompleted({
		name: 'Infrastructure Item Deletion',
		sessionType: 'InfrastructureItemDeletion',
		creationMs: req.now,
		durationMs: 0,
		result: { result: 'Success', message: 'Success' },
		resourceId: id,
		initiatedBy: initiator(req),
		steps: [`Removing ${what} '${name}'`, ...(removed.backupsDeleted ? ['Deleting backup files'] : [])],
		doneTitle: `${what.charAt(0).toUpperCase()}${what.slice(1)} '${name}' has been removed`,
	});
}

module.exports = { recordDeletion, startSavingSession };
