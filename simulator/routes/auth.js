// @ts-check
'use strict';

/**
 * POST /api/oauth2/token (password and refresh_token grants, form-urlencoded) and POST /api/oauth2/logout.
 */
const { errors } = require('../errors');
const { canonicalEnum, ENUMS } = require('../versions');

/** @param {import('../router').Router} router @param {import('./common').Context} ctx */
module.exports = function register(router, ctx) {
	router.add('POST', '/api/oauth2/token', (/** @type {import('./common').RouteRequest} */ req) => {
		if (req.bodyKind !== 'form' && req.bodyKind !== 'empty') {
			throw errors.badRequest('The token request body must be application/x-www-form-urlencoded.');
		}
		/** @type {Record<string, string>} */
		const form = req.body || {};
		if (!form.grant_type) throw errors.badRequest('The grant_type field is required.');
		// Accept both spellings: 'password' (1.2, 1.3-rev0 and the prose) and 'Password' (1.3-rev1 enum).
		const grant = canonicalEnum(ENUMS.ELoginGrantType, form.grant_type);
		if (!grant) throw errors.badRequest(`The grant_type '${form.grant_type}' is not supported.`);
		const shortTerm = String(form.use_short_term_refresh).toLowerCase() === 'true';
		if (grant === 'Password') {
			if (!form.username || !form.password) {
				throw errors.badRequest('The username and password fields are required for grant_type=password.');
			}
			// Windows account names are case-insensitive and may be written as .\name.
			const user = form.username.replace(/^\.\\/, '');
			if (user.toLowerCase() !== ctx.options.username.toLowerCase() || form.password !== ctx.options.password) {
				throw errors.invalidCredentials();
			}
			return { status: 200, body: ctx.tokens.issue(ctx.options.username, req.now, { shortTerm }) };
		}
		if (grant === 'Refresh_token') {
			if (!form.refresh_token) throw errors.badRequest('The refresh_token field is required for grant_type=refresh_token.');
			return { status: 200, body: ctx.tokens.useRefresh(form.refresh_token, req.now) };
		}
		throw errors.badRequest(`The grant_type '${form.grant_type}' is not supported by this server.`);
	}, { anonymous: true });

	router.add('POST', '/api/oauth2/logout', (/** @type {import('./common').RouteRequest} */ req) => {
		if (req.user) ctx.tokens.logout(req.user.token);
		return { status: 200, body: {} };
	});
};
