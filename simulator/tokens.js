// @ts-check
'use strict';

/**
 * OAuth2 password / refresh_token grants. Access tokens are JWT-shaped (HS256 over a per-run secret) so clients
 * that peek at `exp` work; validity is decided by this table, not by the signature. Refresh tokens are single-use:
 * using one rotates the pair. Logout invalidates the access and refresh token of that login.
 */
const crypto = require('crypto');
const { errors } = require('./errors');
const { isoSeconds } = require('./time');

const REFRESH_LIFETIME_MS = 14 * 24 * 3600 * 1000; // "14 days everywhere" (doc §1)
const SHORT_TERM_EXTRA_MS = 15 * 60 * 1000; // short-term refresh = access lifetime + 15 minutes

/** @param {object} obj */
const b64url = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');

/**
 * @typedef {object} AccessRecord
 * @property {string} username
 * @property {number} expiresAt
 * @property {string} family login this token belongs to (for logout)
 */
/**
 * @typedef {object} RefreshRecord
 * @property {string} username
 * @property {number} expiresAt
 * @property {string} family
 * @property {boolean} used
 * @property {boolean} shortTerm
 */

class TokenService {
	/** @param {{ tokenLifetimeSeconds: number }} config live configuration (read on every issue) */
	constructor(config) {
		this.config = config;
		this.secret = crypto.randomBytes(32);
		/** @type {Map<string, AccessRecord>} */
		this.access = new Map();
		/** @type {Map<string, RefreshRecord>} */
		this.refresh = new Map();
		/** @type {Set<string>} families that logged out */
		this.loggedOut = new Set();
	}

	/** @param {object} payload */
	sign(payload) {
		const head = b64url({ alg: 'HS256', typ: 'JWT' });
		const body = b64url(payload);
		const sig = crypto.createHmac('sha256', this.secret).update(`${head}.${body}`).digest('base64url');
		return `${head}.${body}.${sig}`;
	}

	/**
	 * Issue a token pair; returns the TokenModel body.
	 * @param {string} username @param {number} now @param {{ shortTerm?: boolean, family?: string }} [opts]
	 */
	issue(username, now, opts = {}) {
		const lifetimeMs = Math.max(1, Number(this.config.tokenLifetimeSeconds)) * 1000;
		const family = opts.family || crypto.randomUUID();
		const iat = Math.floor(now / 1000);
		const expiresAt = now + lifetimeMs;
		const accessToken = this.sign({
			unique_name: username, nbf: iat, exp: Math.floor(expiresAt / 1000), iat, aud: 'access', jti: crypto.randomUUID(),
		});
		const refreshExpires = now + (opts.shortTerm ? lifetimeMs + SHORT_TERM_EXTRA_MS : REFRESH_LIFETIME_MS);
		const refreshToken = this.sign({
			unique_name: username, token_id: crypto.randomUUID(), short_term_expiration: opts.shortTerm ? 'True' : 'False',
			nbf: iat, exp: Math.floor(refreshExpires / 1000), iat, aud: 'refresh',
		});
		this.access.set(accessToken, { username, expiresAt, family });
		this.refresh.set(refreshToken, { username, expiresAt: refreshExpires, family, used: false, shortTerm: !!opts.shortTerm });
		return {
			access_token: accessToken,
			token_type: 'bearer',
			refresh_token: refreshToken,
			expires_in: Math.round(lifetimeMs / 1000),
			'.issued': isoSeconds(now),
			'.expires': isoSeconds(expiresAt),
		};
	}

	/**
	 * Exchange a refresh token (single use) for a new pair.
	 * @param {string} token @param {number} now
	 */
	useRefresh(token, now) {
		const rec = this.refresh.get(token);
		if (!rec || rec.used || rec.expiresAt <= now || this.loggedOut.has(rec.family)) throw errors.invalidRefreshToken();
		rec.used = true;
		return this.issue(rec.username, now, { shortTerm: rec.shortTerm, family: rec.family });
	}

	/**
	 * Resolve the Authorization header to a user, or throw the 401 VBR answers.
	 * @param {string | undefined} header @param {number} now
	 * @returns {{ username: string, token: string }}
	 */
	authenticate(header, now) {
		const m = /^Bearer\s+(\S+)\s*$/i.exec(header || '');
		if (!m) throw errors.unauthorized();
		const rec = this.access.get(m[1]);
		if (!rec || this.loggedOut.has(rec.family)) throw errors.unauthorized();
		if (rec.expiresAt <= now) throw errors.expiredToken();
		return { username: rec.username, token: m[1] };
	}

	/** @param {string} token */
	logout(token) {
		const rec = this.access.get(token);
		if (rec) this.loggedOut.add(rec.family);
	}

	/** Make every access token issued so far expired (refresh tokens stay usable). @param {number} now */
	expireAll(now) {
		for (const rec of this.access.values()) if (rec.expiresAt > now) rec.expiresAt = now;
	}
}

module.exports = { TokenService };
