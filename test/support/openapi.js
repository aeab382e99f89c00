// @ts-check
'use strict';

/**
 * Validate HTTP traffic against Veeam's official OpenAPI 3.0 specs (vbr_rest_<version>.json).
 *
 * The specs are Veeam's and are never copied into this project: they are read from the folder in the
 * VEEAM_OPENAPI_DIR environment variable, else from <repo root>/../shared/veeam-openapi/. A missing file throws,
 * so a test that relies on the spec fails instead of silently skipping.
 *
 * API (version is '1.3-rev1', '1.2-rev1', … — whatever vbr_rest_<version>.json exists):
 *   loadSpec(version)                      → { version, file, spec } (parsed, cached)
 *   matchOperation(version, method, path)  → { template, method, operation, pathParams } | null
 *   validateResponse(version, { method, path, status, body, allowUndeclaredStatus? })
 *   validateRequest(version, { method, path, query?, headers?, body?, contentType? })
 *       → { valid, errors: string[], template, operationId }
 *   assertValidResponse(version, res) / assertValidRequest(version, req): same, but throw an Error listing the
 *       problems (handy in jest: `assertValidResponse('1.3-rev1', { method, path, status, body })`).
 *   validateSchema(version, schemaName, data) → { valid, errors } against components.schemas[schemaName].
 *
 * `path` may be a full URL or carry a query string. Bodies are checked with Ajv (strict: false,
 * discriminator: true, ajv-formats, OpenAPI `nullable`), plus an unknown-property check: the specs never set
 * additionalProperties, so without it a field from another API revision (say `importOptions` in a 1.2-rev1
 * answer) would pass unnoticed. Pass `strictProperties: false` to skip that check.
 *
 * Spec errata: a schema that requires a property it never declares (1.3-rev0 RepositorySpec requires
 * `isDisabled`; 1.3-rev2 DellDataDomainStorageSettingsModel requires `ddServerName` but declares `ddServername`)
 * would make every body fail one check or the other. The unknown-property check therefore accepts a property
 * the schema requires, declared or not; Ajv still enforces `required`.
 *
 * OpenAPI details handled here: `oneOf` + `discriminator.mapping` is rewritten into the form Ajv supports
 * (each variant wrapped with a `const` tag), and variants that `allOf` their own parent get a parent copy
 * without the `oneOf` (otherwise validation would recurse forever). Query values arrive as strings and are
 * coerced per parameter schema; a parameter the operation does not declare is an error.
 */
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv').default;
const addFormats = require('ajv-formats').default;

/** Folder holding vbr_rest_<version>.json. */
function specDir() {
	return (
		process.env.VEEAM_OPENAPI_DIR ||
		path.resolve(__dirname, '..', '..', '..', 'shared', 'veeam-openapi')
	);
}

/**
 * @typedef {object} LoadedSpec
 * @property {string} version
 * @property {string} file
 * @property {any} spec the parsed OpenAPI document (do not mutate)
 */

/** @type {Map<string, LoadedSpec & { ajv?: any, schemas?: Record<string, any>, compiled: Map<string, any>, ops?: any[] }>} */
const cache = new Map();

/**
 * @param {string} version e.g. '1.3-rev1'
 * @returns {LoadedSpec}
 */
function loadSpec(version) {
	const hit = cache.get(version);
	if (hit) return hit;
	const file = path.join(specDir(), `vbr_rest_${version}.json`);
	if (!fs.existsSync(file)) {
		throw new Error(
			`Veeam OpenAPI spec for ${version} not found at ${file}. Set VEEAM_OPENAPI_DIR to the folder that holds vbr_rest_${version}.json.`,
		);
	}
	const spec = JSON.parse(fs.readFileSync(file, 'utf8'));
	const entry = { version, file, spec, compiled: new Map() };
	cache.set(version, entry);
	return entry;
}

// ---- schema preparation ------------------------------------------------------------------------------------------

const SCHEMA_PREFIX = '#/components/schemas/';
const BASE_SUFFIX = '__base';

/** @param {string} ref */
const refName = (ref) => ref.slice(SCHEMA_PREFIX.length);

/**
 * Rewrite components.schemas so Ajv's discriminator support can handle them.
 * @param {Record<string, any>} source
 */
function prepareSchemas(source) {
	/** @type {Record<string, any>} */
	const schemas = JSON.parse(JSON.stringify(source));
	for (const [name, schema] of Object.entries(schemas)) {
		if (!schema.discriminator || !Array.isArray(schema.oneOf)) continue;
		const tag = schema.discriminator.propertyName;
		const { oneOf, discriminator, ...base } = schema;
		schemas[name + BASE_SUFFIX] = base;
		/** @type {Record<string, string>} */
		const mapping = { ...(discriminator.mapping || {}) };
		// Variants listed in oneOf but not in the mapping are selected by their schema name (OpenAPI default).
		for (const alt of oneOf) {
			if (alt.$ref && !Object.values(mapping).includes(alt.$ref))
				mapping[refName(alt.$ref)] = alt.$ref;
		}
		for (const target of new Set(Object.values(mapping))) {
			const variant = schemas[refName(target)];
			if (variant && Array.isArray(variant.allOf)) {
				variant.allOf = variant.allOf.map((/** @type {any} */ part) =>
					part.$ref === SCHEMA_PREFIX + name ? { $ref: SCHEMA_PREFIX + name + BASE_SUFFIX } : part,
				);
			}
		}
		schemas[name] = {
			...base,
			oneOf: Object.entries(mapping).map(([value, target]) => ({
				type: 'object',
				required: [tag],
				properties: { [tag]: { const: value } },
				allOf: [{ $ref: target }],
			})),
			discriminator: { propertyName: tag },
		};
	}
	return schemas;
}

/** @param {ReturnType<typeof loadSpec> & any} entry */
function ajvFor(entry) {
	if (entry.ajv) return entry.ajv;
	const schemas = prepareSchemas(entry.spec.components.schemas || {});
	const ajv = new Ajv({ strict: false, discriminator: true, allErrors: true, logger: false });
	addFormats(ajv);
	// Formats Veeam uses that ajv-formats does not know, or knows more strictly: `time` is a local time of day.
	ajv.addFormat('integer', true);
	ajv.addFormat('time', /^\d\d:\d\d(:\d\d(\.\d+)?)?(z|[+-]\d\d(:?\d\d)?)?$/i);
	ajv.addSchema({ $id: idOf(entry.version), components: { schemas } });
	entry.ajv = ajv;
	entry.schemas = schemas;
	return ajv;
}

/** @param {string} version */
const idOf = (version) => `https://veeam-openapi.local/${version}.json`;

/**
 * Inline schemas (parameters, response bodies) refer to '#/components/schemas/…'; point them at our document.
 * @param {any} schema @param {string} version
 */
function rewriteRefs(schema, version) {
	return JSON.parse(JSON.stringify(schema), (key, value) =>
		key === '$ref' && typeof value === 'string' && value.startsWith('#/')
			? idOf(version) + value
			: value,
	);
}

/** @param {any} entry @param {any} schema */
function compile(entry, schema) {
	const key = JSON.stringify(schema);
	let fn = entry.compiled.get(key);
	if (!fn) {
		fn = ajvFor(entry).compile(rewriteRefs(schema, entry.version));
		entry.compiled.set(key, fn);
	}
	return fn;
}

/** @param {any[] | null | undefined} errs @param {string} where */
function formatAjvErrors(errs, where) {
	return (errs || [])
		.filter((e) => e.keyword !== 'if')
		.map((e) => {
			const at = `${where}${e.instancePath || ''}`;
			let msg = e.message || e.keyword;
			if (e.keyword === 'enum') msg += ` (${e.params.allowedValues.join(', ')})`;
			if (e.keyword === 'discriminator') msg += ` (got ${JSON.stringify(e.params.tagValue)})`;
			if (e.keyword === 'const') msg += ` (${JSON.stringify(e.params.allowedValue)})`;
			return `${at} ${msg}`;
		});
}

// ---- unknown-property check ---------------------------------------------------------------------------------------

/** @param {any} entry @param {any} schema */
function resolve(entry, schema) {
	let s = schema;
	let guard = 0;
	while (s && s.$ref && guard++ < 50) {
		const name = s.$ref.startsWith(SCHEMA_PREFIX) ? refName(s.$ref) : null;
		s = name ? entry.schemas[name] : undefined;
	}
	return s;
}

/**
 * Property schemas an object may have under `schema`, following $ref, allOf and the selected oneOf variant.
 * @param {any} entry @param {any} schema @param {any} data
 * @param {{ props: Map<string, any[]>, open: boolean, names: string[], required: Set<string> }} acc @param {Set<any>} seen
 */
function collectProps(entry, schema, data, acc, seen) {
	const name =
		schema && schema.$ref && schema.$ref.startsWith(SCHEMA_PREFIX) ? refName(schema.$ref) : null;
	const s = resolve(entry, schema);
	if (!s || seen.has(s)) return;
	seen.add(s);
	if (name && !name.endsWith(BASE_SUFFIX)) acc.names.push(name);
	for (const r of s.required || []) acc.required.add(r);
	let structural = false;
	if (s.properties) {
		structural = true;
		for (const [k, v] of Object.entries(s.properties)) {
			if (!acc.props.has(k)) acc.props.set(k, []);
			/** @type {any[]} */ (acc.props.get(k)).push(v);
		}
	}
	if (s.additionalProperties) acc.open = true;
	for (const part of s.allOf || []) {
		structural = true;
		collectProps(entry, part, data, acc, seen);
	}
	const alts = s.oneOf || s.anyOf;
	if (alts) {
		structural = true;
		const tag = s.discriminator && s.discriminator.propertyName;
		const chosen = tag
			? alts.filter(
					(/** @type {any} */ a) =>
						a.properties && a.properties[tag] && a.properties[tag].const === data[tag],
				)
			: alts;
		for (const a of chosen) collectProps(entry, a, data, acc, seen);
	}
	// An object schema with no properties at all is free-form.
	if (!structural && !s.additionalProperties && (s.type === 'object' || s.type === undefined))
		acc.open = true;
}

/**
 * @param {any} entry @param {any} schema @param {any} data @param {string} at @param {string[]} out
 */
function unknownProperties(entry, schema, data, at, out) {
	if (data === null || typeof data !== 'object') return;
	const s = resolve(entry, schema);
	if (!s) return;
	if (Array.isArray(data)) {
		/** @type {any[]} */
		const items = [];
		const gather = (/** @type {any} */ x, /** @type {number} */ depth) => {
			const r = resolve(entry, x);
			if (!r || depth > 10) return;
			if (r.items) items.push(r.items);
			for (const p of r.allOf || []) gather(p, depth + 1);
		};
		gather(schema, 0);
		data.forEach((d, i) =>
			items.forEach((it) => unknownProperties(entry, it, d, `${at}/${i}`, out)),
		);
		return;
	}
	const acc = { props: new Map(), open: false, names: /** @type {string[]} */ ([]), required: new Set() };
	collectProps(entry, schema, data, acc, new Set());
	for (const [k, v] of Object.entries(data)) {
		const defs = acc.props.get(k);
		if (!defs) {
			if (!acc.open && !acc.required.has(k))
				out.push(
					`${at}/${k} is not a property of ${acc.names[0] || 'the schema'} in this API version`,
				);
			continue;
		}
		for (const d of defs) unknownProperties(entry, d, v, `${at}/${k}`, out);
	}
}

/**
 * @param {any} entry @param {any} schema @param {any} data @param {string} where @param {boolean} strict
 * @returns {string[]}
 */
function checkData(entry, schema, data, where, strict) {
	const fn = compile(entry, schema);
	const errors = fn(data) ? [] : formatAjvErrors(fn.errors, where);
	if (strict) unknownProperties(entry, schema, data, where, errors);
	return errors;
}

// ---- operations ----------------------------------------------------------------------------------------------------

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** @param {any} entry */
function operations(entry) {
	if (entry.ops) return entry.ops;
	entry.ops = [];
	for (const [template, item] of Object.entries(entry.spec.paths || {})) {
		const segments = template.split('/').filter(Boolean);
		for (const method of METHODS) {
			if (!/** @type {any} */ (item)[method]) continue;
			entry.ops.push({
				template,
				method,
				segments,
				literals: segments.filter((x) => !x.startsWith('{')).length,
				item,
				operation: /** @type {any} */ (item)[method],
			});
		}
	}
	return entry.ops;
}

/** Strip scheme/host and query from a URL or path. @param {string} p */
function pathOnly(p) {
	const s = String(p);
	const noHost = /^https?:\/\//i.test(s) ? new URL(s).pathname : s;
	return noHost.split('?')[0];
}

/**
 * The operation a concrete request path belongs to (literal segments win over parameters).
 * @param {string} version @param {string} method @param {string} concretePath
 */
function matchOperation(version, method, concretePath) {
	const entry = loadSpec(version);
	const parts = pathOnly(concretePath).split('/').filter(Boolean);
	const m = method.toLowerCase();
	let best = null;
	for (const op of operations(entry)) {
		if (op.method !== m || op.segments.length !== parts.length) continue;
		/** @type {Record<string, string>} */
		const pathParams = {};
		let ok = true;
		for (let i = 0; i < parts.length; i++) {
			const seg = op.segments[i];
			if (seg.startsWith('{')) pathParams[seg.slice(1, -1)] = decodeURIComponent(parts[i]);
			else if (seg !== parts[i]) {
				ok = false;
				break;
			}
		}
		if (ok && (!best || op.literals > best.literals)) best = { ...op, pathParams };
	}
	return best
		? {
				template: best.template,
				method: m,
				operation: best.operation,
				pathItem: best.item,
				pathParams: best.pathParams,
				literals: best.literals,
			}
		: null;
}

/** @param {any} entry @param {any} obj */
function deref(entry, obj) {
	let o = obj;
	let guard = 0;
	while (o && o.$ref && guard++ < 20) {
		const parts = o.$ref.replace(/^#\//, '').split('/');
		o = parts.reduce(
			(/** @type {any} */ acc, /** @type {string} */ k) => (acc ? acc[k] : undefined),
			entry.spec,
		);
	}
	return o;
}

/** @param {any} content */
function pickContent(content) {
	if (!content) return null;
	const key = Object.keys(content).find((k) => k.includes('json')) || Object.keys(content)[0];
	return key ? { type: key, media: content[key] } : null;
}

/**
 * @typedef {object} ValidationResult
 * @property {boolean} valid
 * @property {string[]} errors
 * @property {string | null} template matched path template
 * @property {string | null} operationId
 */

/**
 * Check an answer against the operation's declared responses.
 * @param {string} version
 * @param {{ method: string, path: string, status: number, body?: any, allowUndeclaredStatus?: boolean, strictProperties?: boolean }} res
 *   allowUndeclaredStatus: an error status the operation does not declare is accepted if its body is an `Error`.
 * @returns {ValidationResult}
 */
function validateResponse(version, res) {
	const entry = loadSpec(version);
	const strict = res.strictProperties !== false;
	const op = matchOperation(version, res.method, res.path);
	if (!op)
		return {
			valid: false,
			errors: [
				`${res.method.toUpperCase()} ${pathOnly(res.path)} is not an operation of the ${version} spec`,
			],
			template: null,
			operationId: null,
		};
	const errors = [];
	const responses = op.operation.responses || {};
	let declared =
		responses[String(res.status)] || responses[`${String(res.status)[0]}XX`] || responses.default;
	if (!declared) {
		if (res.allowUndeclaredStatus && res.status >= 400) {
			declared = { content: { 'application/json': { schema: { $ref: `${SCHEMA_PREFIX}Error` } } } };
		} else {
			errors.push(
				`status ${res.status} is not declared for ${op.method.toUpperCase()} ${op.template} (declared: ${Object.keys(responses).join(', ')})`,
			);
		}
	}
	if (declared) {
		const response = deref(entry, declared);
		const content = pickContent(response && response.content);
		const empty = res.body === undefined || res.body === null || res.body === '';
		if (res.status === 204) {
			// 204 has no body by definition (1.2-rev1 still declares EmptySuccessResponse content for it).
			if (!empty) errors.push('a 204 answer must not have a body');
		} else if (content && content.media && content.media.schema) {
			if (empty) errors.push(`body is missing (expected ${content.type})`);
			else if (typeof res.body === 'string' && content.type.includes('json'))
				errors.push('body is not parsed JSON');
			else errors.push(...checkData(entry, content.media.schema, res.body, 'body', strict));
		}
	}
	return {
		valid: errors.length === 0,
		errors,
		template: op.template,
		operationId: op.operation.operationId || null,
	};
}

/**
 * Coerce a string parameter value per its schema, as a server would bind it.
 * @param {any} entry @param {any} schema @param {string} raw
 */
function coerce(entry, schema, raw) {
	const s = resolve(entry, schema) || schema;
	const type = s.type;
	if (type === 'integer' && /^-?\d+$/.test(raw)) return Number(raw);
	if (type === 'number' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
	if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
	return raw;
}

/**
 * Check a request against the operation: path and query parameters, headers (if given) and the body.
 * @param {string} version
 * @param {{ method: string, path: string, query?: Record<string, any>, headers?: Record<string, any>, body?: any, contentType?: string, strictProperties?: boolean }} req
 *   query values may be strings, numbers, booleans or arrays (repeated keys); a query string in `path` is read too.
 * @returns {ValidationResult}
 */
function validateRequest(version, req) {
	const entry = loadSpec(version);
	const strict = req.strictProperties !== false;
	const op = matchOperation(version, req.method, req.path);
	if (!op)
		return {
			valid: false,
			errors: [
				`${req.method.toUpperCase()} ${pathOnly(req.path)} is not an operation of the ${version} spec`,
			],
			template: null,
			operationId: null,
		};
	const errors = [];
	/** @type {Record<string, any>} */
	const query = {};
	const qs = String(req.path).includes('?') ? String(req.path).split('?')[1] : '';
	for (const [k, v] of new URLSearchParams(qs)) query[k] = k in query ? /** @type {string[]} */ ([]).concat(query[k], v) : v;
	Object.assign(query, req.query || {});

	const params = [...(op.pathItem.parameters || []), ...(op.operation.parameters || [])].map((p) =>
		deref(entry, p),
	);
	/** @param {any} p @param {any} value @param {string} where */
	const checkParam = (p, value, where) => {
		const schema = p.schema || {};
		const sch = resolve(entry, schema) || schema;
		let v = value;
		if (sch.type === 'array') {
			const list = Array.isArray(v) ? v : [v];
			v = list.map((x) => (typeof x === 'string' ? coerce(entry, sch.items || {}, x) : x));
		} else {
			if (Array.isArray(v)) {
				errors.push(`${where} is given ${v.length} times but is not an array parameter`);
				return;
			}
			if (typeof v === 'string') v = coerce(entry, schema, v);
		}
		errors.push(...checkData(entry, schema, v, where, false));
	};
	for (const p of params.filter((x) => x.in === 'path')) {
		if (!(p.name in op.pathParams)) errors.push(`path parameter ${p.name} is missing`);
		else checkParam(p, op.pathParams[p.name], `path.${p.name}`);
	}
	const queryParams = params.filter((x) => x.in === 'query');
	for (const [k, v] of Object.entries(query)) {
		if (v === undefined) continue;
		const p = queryParams.find((x) => x.name === k);
		if (!p) {
			errors.push(
				`query parameter ${k} is not declared for ${op.method.toUpperCase()} ${op.template}`,
			);
			continue;
		}
		checkParam(p, typeof v === 'number' || typeof v === 'boolean' ? String(v) : v, `query.${k}`);
	}
	for (const p of queryParams)
		if (p.required && query[p.name] === undefined)
			errors.push(`query parameter ${p.name} is required`);
	if (req.headers) {
		/** @type {Record<string, any>} */
		const lower = {};
		for (const [k, v] of Object.entries(req.headers)) lower[k.toLowerCase()] = v;
		for (const p of params.filter((x) => x.in === 'header')) {
			const v = lower[p.name.toLowerCase()];
			if (v === undefined) {
				if (p.required) errors.push(`header ${p.name} is required`);
			} else checkParam(p, String(v), `header.${p.name}`);
		}
	}
	const rb = deref(entry, op.operation.requestBody);
	const hasBody = req.body !== undefined && req.body !== null && req.body !== '';
	if (!rb) {
		if (hasBody) errors.push(`${op.method.toUpperCase()} ${op.template} takes no request body`);
	} else if (!hasBody) {
		if (rb.required) errors.push('request body is required');
	} else {
		const types = Object.keys(rb.content || {});
		let type = req.contentType ? String(req.contentType).split(';')[0].trim().toLowerCase() : null;
		if (type && !types.includes(type))
			errors.push(`content type ${type} is not accepted (declared: ${types.join(', ')})`);
		if (!type || !types.includes(type)) type = types.find((t) => t.includes('json')) || types[0];
		const media = rb.content[type];
		if (media && media.schema) {
			let body = req.body;
			if (type === 'application/x-www-form-urlencoded') {
				if (typeof body === 'string') body = Object.fromEntries(new URLSearchParams(body));
				const schema = resolve(entry, media.schema) || {};
				body = Object.fromEntries(
					Object.entries(body).map(([k, v]) => [
						k,
						typeof v === 'string' && schema.properties && schema.properties[k]
							? coerce(entry, schema.properties[k], v)
							: v,
					]),
				);
			}
			errors.push(...checkData(entry, media.schema, body, 'body', strict));
		}
	}
	return {
		valid: errors.length === 0,
		errors,
		template: op.template,
		operationId: op.operation.operationId || null,
	};
}

/**
 * @param {string} version @param {string} schemaName @param {any} data @param {{ strictProperties?: boolean }} [opts]
 */
function validateSchema(version, schemaName, data, opts = {}) {
	const entry = loadSpec(version);
	ajvFor(entry);
	if (!entry.spec.components.schemas[schemaName])
		throw new Error(`${schemaName} is not a schema of the ${version} spec`);
	const errors = checkData(
		entry,
		{ $ref: SCHEMA_PREFIX + schemaName },
		data,
		schemaName,
		opts.strictProperties !== false,
	);
	return { valid: errors.length === 0, errors };
}

/** @param {string} what @param {ValidationResult} result */
function throwIfInvalid(what, result) {
	if (!result.valid) {
		const err = new Error(
			`${what} does not match the spec (${result.template || 'no operation'}):\n  - ${result.errors.join('\n  - ')}`,
		);
		throw err;
	}
	return result;
}

/** @param {string} version @param {Parameters<typeof validateResponse>[1]} res */
function assertValidResponse(version, res) {
	return throwIfInvalid(
		`${version} response ${res.status} to ${res.method.toUpperCase()} ${pathOnly(res.path)}`,
		validateResponse(version, res),
	);
}

/** @param {string} version @param {Parameters<typeof validateRequest>[1]} req */
function assertValidRequest(version, req) {
	return throwIfInvalid(
		`${version} request ${req.method.toUpperCase()} ${pathOnly(req.path)}`,
		validateRequest(version, req),
	);
}

module.exports = {
	specDir,
	loadSpec,
	matchOperation,
	validateResponse,
	validateRequest,
	validateSchema,
	assertValidResponse,
	assertValidRequest,
};
