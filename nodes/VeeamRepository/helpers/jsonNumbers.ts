/**
 * Number fidelity of JSON parameters: a number the user wrote must reach VBR as that number.
 * JSON.parse turns `1e400` into Infinity (sent as null) and rounds `9007199254740993` to
 * ...992 without a word, and Node 20's revivers cannot see the source text, so the text is
 * scanned here for the literals whose parsed value differs from what was written.
 *
 * The rule, for each number literal:
 * - its value must be finite (`1e400` is not);
 * - a whole number must lie within ±Number.MAX_SAFE_INTEGER (beyond it, neighbours share one
 *   double and nobody downstream can tell which was meant, so all of them are refused);
 * - its decimal value must equal the value that will be sent, i.e. the shortest decimal that
 *   JSON.stringify writes for the double (`0.1`, `1.50`, `15e-1` pass; `1.00000000000000000001`
 *   would be sent as `1`, and `1e-400` as `0`, so they are refused).
 */

export type NumberProblem = 'notFinite' | 'unsafeInteger' | 'rounded';

export interface UnfaithfulNumber {
	/** Where the number is, e.g. `repository.maxTaskCount` or `extents[2].size`. */
	path: string;
	/** The literal as written (or the value, for data that was never text). */
	written: string;
	/** What would be sent instead: `null` for non-finite values. */
	sent: string;
	problem: NumberProblem;
}

// Every token, to know the path of a number once it is found unfaithful.
const TOKEN = /"[^"\\]*(?:\\[\s\S][^"\\]*)*"|[{}[\],]|-?\d[\d.eE+-]*/g;

const LITERAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

const QUOTE = 34;
const BACKSLASH = 92;

/**
 * The first number in valid JSON text that would not be sent as written; undefined if none.
 * One pass: strings are skipped with indexOf, and only a literal with an exponent or more than 15
 * characters is checked (15 significant digits always survive a double).
 */
export function findUnfaithfulNumber(text: string): UnfaithfulNumber | undefined {
	const length = text.length;
	let index = 0;
	while (index < length) {
		const code = text.charCodeAt(index);
		if (code === QUOTE) {
			index = stringEnd(text, index) + 1;
		} else if (code === 45 /* - */ || (code >= 48 && code <= 57)) {
			let end = index + 1;
			let exponent = false;
			for (; end < length; end++) {
				const next = text.charCodeAt(end);
				if (next === 101 || next === 69)
					exponent = true; // e E
				else if (!((next >= 48 && next <= 57) || next === 46 || next === 43 || next === 45)) break;
			}
			if (exponent || end - index > 15) {
				const literal = text.slice(index, end);
				const problem = literalProblem(literal);
				if (problem) return { ...problem, path: pathAt(text, index), written: literal };
			}
			index = end;
		} else {
			index++;
		}
	}
	return undefined;
}

/** Index of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
	let end = text.indexOf('"', start + 1);
	while (end !== -1 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
	return end === -1 ? text.length : end;
}

function isEscaped(text: string, quote: number): boolean {
	let backslashes = 0;
	while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
	return backslashes % 2 === 1;
}

/**
 * The first number in already-parsed data (an expression's object) that cannot be sent as it is:
 * NaN, ±Infinity (JSON writes null) and whole numbers beyond the safe range (maybe rounded already).
 */
export function findUnfaithfulValue(value: unknown, path = ''): UnfaithfulNumber | undefined {
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) {
			return { path, written: String(value), sent: 'null', problem: 'notFinite' };
		}
		if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
			return { path, written: String(value), sent: String(value), problem: 'unsafeInteger' };
		}
		return undefined;
	}
	if (Array.isArray(value)) {
		for (let index = 0; index < value.length; index++) {
			const found = findUnfaithfulValue(value[index], `${path}[${index}]`);
			if (found) return found;
		}
		return undefined;
	}
	if (typeof value === 'object' && value !== null) {
		for (const [key, child] of Object.entries(value)) {
			const found = findUnfaithfulValue(child, joinKey(path, key));
			if (found) return found;
		}
	}
	return undefined;
}

function literalProblem(literal: string): Omit<UnfaithfulNumber, 'path' | 'written'> | undefined {
	const parsed = Number(literal);
	if (!Number.isFinite(parsed)) return { sent: 'null', problem: 'notFinite' };
	const sent = String(parsed);
	if (Number.isInteger(parsed) && !Number.isSafeInteger(parsed)) {
		return { sent, problem: 'unsafeInteger' };
	}
	if (sent !== literal && canonicalDecimal(literal) !== canonicalDecimal(sent)) {
		return { sent, problem: 'rounded' };
	}
	return undefined;
}

/** A decimal literal as sign, significant digits and exponent, so equal values compare equal. */
export function canonicalDecimal(literal: string): string {
	const parts = LITERAL.exec(literal);
	if (!parts) return literal;
	const [, sign, whole, fraction = '', exponent = '0'] = parts;
	const digits = `${whole}${fraction}`.replace(/^0+/, '');
	if (digits === '') return '0';
	const significant = digits.replace(/0+$/, '');
	const scale = Number(exponent) - fraction.length + (digits.length - significant.length);
	return `${sign}${significant}e${scale}`;
}

interface Frame {
	array: boolean;
	/** Array: index of the current element. Object: the current key, null while a key is due. */
	at: number | string | null;
}

/** The path of the value that starts at `offset` in valid JSON text (walked only on a refusal). */
function pathAt(text: string, offset: number): string {
	const stack: Frame[] = [];
	const tokens = new RegExp(TOKEN.source, 'g');
	for (let match = tokens.exec(text); match && match.index < offset; match = tokens.exec(text)) {
		const token = match[0];
		const top = stack[stack.length - 1];
		if (token === '{') stack.push({ array: false, at: null });
		else if (token === '[') stack.push({ array: true, at: 0 });
		else if (token === '}' || token === ']') stack.pop();
		else if (token === ',' && top) top.at = top.array ? (top.at as number) + 1 : null;
		else if (token.charCodeAt(0) === QUOTE && top && !top.array && top.at === null) {
			top.at = JSON.parse(token) as string;
		}
	}
	let path = '';
	for (const frame of stack) {
		path = frame.array ? `${path}[${String(frame.at)}]` : joinKey(path, String(frame.at));
	}
	return path;
}

function joinKey(path: string, key: string): string {
	if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
	return `${path}[${JSON.stringify(key)}]`;
}

/** What the user reads: why this number is refused and what it would have become. */
export function describeUnfaithfulNumber(found: UnfaithfulNumber): string {
	switch (found.problem) {
		case 'notFinite':
			return `${found.written} is beyond what a JSON number can hold and would be sent as null.`;
		case 'unsafeInteger':
			return `${found.written} is outside the whole numbers a JSON number keeps exactly (±${Number.MAX_SAFE_INTEGER}), so it may be sent as a neighbouring value (${found.sent}).`;
		default:
			return `${found.written} has more digits than a JSON number keeps and would be sent as ${found.sent}. Shorten it to the value you mean.`;
	}
}
