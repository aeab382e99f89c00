// @ts-check
'use strict';

/**
 * The VBR `Error` model (`errorCode`, `message`, optional `resourceId`) and the stock errors the API returns.
 * Messages follow the examples in the spec where one exists.
 */

class ApiError extends Error {
	/**
	 * @param {number} status HTTP status
	 * @param {string} errorCode one of the spec's Error.errorCode values
	 * @param {string} message
	 * @param {string} [resourceId]
	 */
	constructor(status, errorCode, message, resourceId) {
		super(message);
		this.status = status;
		this.errorCode = errorCode;
		this.resourceId = resourceId;
	}

	toBody() {
		/** @type {{errorCode: string, message: string, resourceId?: string}} */
		const body = { errorCode: this.errorCode, message: this.message };
		if (this.resourceId !== undefined) body.resourceId = this.resourceId;
		return body;
	}
}

const UNAUTHORIZED_MESSAGE = 'Unauthorized. Get bearer JWT token at /api/login';

const errors = {
	/** 400 for a body or query value the server cannot accept. */
	badRequest: (/** @type {string} */ message) => new ApiError(400, 'UnexpectedContent', message),
	invalidUri: () => new ApiError(400, 'InvalidURI', 'The request URI is invalid.'),
	/**
	 * The answer to a missing or unknown `x-api-version`. 'spec' (default): the 1.3-rev2 spec's example message
	 * with the supported revisions appended; 'legacy': the wording a VBR 11 user reported (VeeamHub/grafana #27),
	 * `v`-prefixed revisions. Clients that learn the revisions from this answer should read both.
	 * @param {string[]} supported newest first @param {'spec'|'legacy'} [style]
	 */
	unsupportedVersion: (supported, style = 'spec') =>
		new ApiError(
			400,
			'NotImplemented',
			style === 'legacy'
				? `Unsupported RESTAPI version. The following versions are supported: ${supported.map((v) => `v${v}`).join(', ')}.`
				: `The specified API version is not supported. Supported versions: ${supported.join(', ')}.`,
		),
	unauthorized: () => new ApiError(401, 'AccessDenied', UNAUTHORIZED_MESSAGE),
	expiredToken: () => new ApiError(401, 'ExpiredToken', 'The access token has expired. Refresh it or log in again.'),
	invalidCredentials: () => new ApiError(401, 'AccessDenied', 'Invalid username or password.'),
	invalidRefreshToken: () =>
		new ApiError(401, 'AccessDenied', 'The refresh token is invalid, expired or has already been used.'),
	/** @param {string} [resourceId] @param {string} [message] */
	notFound: (resourceId, message) => new ApiError(404, 'NotFound', message || 'Resource does not exist', resourceId),
	methodNotAllowed: () => new ApiError(405, 'MethodNotAllowed', 'HTTP Method not allowed'),
	internal: (/** @type {string} */ message) => new ApiError(500, 'UnknownError', message),
};

/**
 * The Error body an injected `status` fault answers with.
 * @param {number} status
 */
function errorForStatus(status) {
	switch (status) {
		case 400:
			return new ApiError(400, 'UnknownError', 'The request could not be processed.');
		case 401:
			return errors.unauthorized();
		case 403:
			return new ApiError(403, 'AccessDenied', 'Forbidden');
		case 404:
			return errors.notFound();
		case 405:
			return errors.methodNotAllowed();
		default:
			if (status >= 500) {
				return new ApiError(
					status,
					'ServiceUnavailable',
					'The request has been received but could not be completed because of an internal error at the server side.',
				);
			}
			return new ApiError(status, 'UnknownError', 'The request could not be processed.');
	}
}

module.exports = { ApiError, errors, errorForStatus, UNAUTHORIZED_MESSAGE };
