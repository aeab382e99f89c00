// @ts-check
'use strict';

/**
 * Writing answers with the headers VBR sends (doc §0), and the fault bodies (truncated JSON, HTML proxy page).
 */

/**
 * @param {import('http').ServerResponse} res @param {boolean} tls
 */
function standardHeaders(res, tls) {
	res.setHeader('Cache-Control', 'private');
	res.setHeader('X-Frame-Options', 'SAMEORIGIN');
	res.setHeader('X-XSS-Protection', '1; mode=block');
	res.setHeader('X-Content-Type-Options', 'nosniff');
	if (tls) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
}

/**
 * @param {import('http').ServerResponse} res @param {number} status @param {unknown} body @param {boolean} tls
 * @param {Record<string, string>} [extraHeaders]
 */
function sendJson(res, status, body, tls, extraHeaders) {
	const text = JSON.stringify(body);
	standardHeaders(res, tls);
	res.statusCode = status;
	res.setHeader('Content-Type', 'application/json; charset=utf-8');
	res.setHeader('Content-Length', Buffer.byteLength(text));
	for (const [k, v] of Object.entries(extraHeaders || {})) res.setHeader(k, v);
	res.end(text);
}

/** 204 and other body-less answers. @param {import('http').ServerResponse} res @param {number} status @param {boolean} tls */
function sendEmpty(res, status, tls) {
	standardHeaders(res, tls);
	res.statusCode = status;
	res.end();
}

/**
 * A 200 whose JSON body stops in the middle, as a broken proxy or a dropped connection would leave it.
 * @param {import('http').ServerResponse} res @param {boolean} tls
 */
function sendMalformed(res, tls) {
	const text = '{"data":[{"id":"88788f9e-d8f5-4eb4-bc4f-9b3f5403bcec","name":"Default Backup Repos';
	standardHeaders(res, tls);
	res.statusCode = 200;
	res.setHeader('Content-Type', 'application/json; charset=utf-8');
	res.setHeader('Content-Length', Buffer.byteLength(text));
	res.end(text);
}

/** @type {Record<number, string>} */
const REASONS = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Time-out' };

/**
 * An HTML error page as a reverse proxy in front of VBR would send it.
 * @param {import('http').ServerResponse} res @param {number} status
 */
function sendHtml(res, status) {
	const reason = REASONS[status] || 'Error';
	const text =
		`<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n` +
		`<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
	res.statusCode = status;
	res.setHeader('Content-Type', 'text/html');
	res.setHeader('Content-Length', Buffer.byteLength(text));
	res.end(text);
}

module.exports = { sendJson, sendEmpty, sendMalformed, sendHtml };
