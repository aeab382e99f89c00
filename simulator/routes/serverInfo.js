// @ts-check
'use strict';

/**
 * GET /api/v1/serverInfo (ServerInfoModel) and the anonymous GET /api/v1/serverTime.
 */
const { nameUuid } = require('../ids');
const { isoTime } = require('../time');

/** @param {import('../router').Router} router @param {import('./common').Context} ctx */
module.exports = function register(router, ctx) {
	const has13 = ctx.options.supportedVersions.some((v) => v.startsWith('1.3'));
	// The build of the VBR release the simulator was started as (versions.js VBR_RELEASES).
	const buildVersion = ctx.options.buildVersion;

	router.add('GET', '/api/v1/serverInfo', (/** @type {import('./common').RouteRequest} */ req) => {
		/** @type {any} */
		const body = {
			vbrId: nameUuid('server', 'vbr01.lab.local'),
			name: 'vbr01.lab.local',
			buildVersion,
			patches: [],
			databaseVendor: 'PostgreSQL',
			sqlServerEdition: '',
			sqlServerVersion: 'PostgreSQL 15.8, compiled by Visual C++ build 1940, 64-bit',
			databaseSchemaVersion: has13 ? '9715' : '9462',
			databaseContentVersion: has13 ? '9715' : '9462',
		};
		if (req.f.is13) {
			body.veeamRegistration = { isRegistered: false };
			body.platform = 'Windows';
		}
		return { status: 200, body };
	});

	router.add('GET', '/api/v1/serverTime', (/** @type {import('./common').RouteRequest} */ req) => ({
		status: 200,
		body: { serverTime: isoTime(req.now), timeZone: '(UTC) Coordinated Universal Time' },
	}), { anonymous: true });
};
