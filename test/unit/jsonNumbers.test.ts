import {
	canonicalDecimal,
	findUnfaithfulNumber,
	findUnfaithfulValue,
} from '../../nodes/VeeamRepository/helpers/jsonNumbers';

const at = (text: string) => findUnfaithfulNumber(text);

describe('findUnfaithfulNumber (JSON text)', () => {
	it('refuses a number that becomes Infinity (sent as null), naming its path', () => {
		expect(at('{"repository":{"maxTaskCount":1e400}}')).toEqual({
			path: 'repository.maxTaskCount',
			written: '1e400',
			sent: 'null',
			problem: 'notFinite',
		});
		expect(at('{"a":-1E+309}')).toMatchObject({ path: 'a', problem: 'notFinite' });
	});

	it('refuses whole numbers beyond the safe range, rounded or not', () => {
		expect(at('{"repository":{"maxTaskCount":9007199254740993}}')).toEqual({
			path: 'repository.maxTaskCount',
			written: '9007199254740993',
			sent: '9007199254740992',
			problem: 'unsafeInteger',
		});
		expect(at('{"a":9007199254740992}')).toMatchObject({ problem: 'unsafeInteger' });
		expect(at('{"a":-9007199254740992}')).toMatchObject({ problem: 'unsafeInteger' });
		expect(at('{"a":1e21}')).toMatchObject({ problem: 'unsafeInteger' });
		expect(at('{"a":1.7976931348623157e308}')).toMatchObject({ problem: 'unsafeInteger' });
	});

	it('refuses literals with more digits than a double keeps, and underflow to 0', () => {
		expect(at('{"a":1.00000000000000000001}')).toMatchObject({ sent: '1', problem: 'rounded' });
		expect(at('{"a":0.10000000000000000001}')).toMatchObject({ sent: '0.1', problem: 'rounded' });
		expect(at('{"a":1e-400}')).toMatchObject({ sent: '0', problem: 'rounded' });
	});

	it('accepts what survives: short and long-but-exact literals, exponents, zeros, the safe limits', () => {
		for (const literal of [
			'0',
			'-0',
			'0.0',
			'0.1',
			'1.50',
			'15e-1',
			'1E2',
			'2.5e+3',
			'123456789012345',
			'0.1234567890123456',
			'9007199254740991',
			'-9007199254740991',
			'1e-7',
			'5e-324',
			'0.30000000000000004',
		]) {
			expect({ literal, found: at(`{"a":${literal}}`) }).toEqual({ literal, found: undefined });
		}
	});

	it('ignores digits inside strings, keys included, and escaped quotes', () => {
		expect(at('{"9007199254740993":"1e400","b":"x\\"1e400\\"","c":[1,2]}')).toBeUndefined();
		expect(at('{"id":"88788f9e-d8f5-4eb4-bc4f-9b3f5403bcec","n":1e3}')).toBeUndefined();
		// Delimited like a number, yet inside a string: found by the token walk, not refused.
		expect(at('{"note":"a, 1e400 ,b","list":"[9007199254740993]","n":1}')).toBeUndefined();
		expect(at('{"note":"a, 1e400 ,b","real":[1e400]}')).toMatchObject({ path: 'real[0]' });
	});

	it('names array positions and keys that are not identifiers', () => {
		const text =
			'{"items":[{"x":1},{"x":2,"sizes":[0,1,{"weird key":[1e999]}]}],"after":"9007199254740993"}';
		expect(at(text)).toMatchObject({ path: 'items[1].sizes[2]["weird key"][0]' });
		expect(
			at('{"a":{"b":1},"c":{"d":"s","e":[3,{"f":null}],"g":12345678901234567890}}'),
		).toMatchObject({ path: 'c.g' });
		expect(at('{"a" : [ 1 , 2 , 9007199254740993 ] }')).toMatchObject({ path: 'a[2]' });
	});

	it('reports the first unfaithful number in text order', () => {
		expect(at('{"a":{"b":1e400},"c":9007199254740993}')).toMatchObject({ path: 'a.b' });
	});
});

describe('findUnfaithfulValue (objects from expressions)', () => {
	it('refuses NaN, Infinity and unsafe whole numbers with their path', () => {
		expect(findUnfaithfulValue({ repository: { maxTaskCount: Infinity } })).toMatchObject({
			path: 'repository.maxTaskCount',
			problem: 'notFinite',
		});
		expect(findUnfaithfulValue({ a: [1, { b: NaN }] })).toMatchObject({ path: 'a[1].b' });
		expect(findUnfaithfulValue({ a: 2 ** 53 })).toMatchObject({ problem: 'unsafeInteger' });
	});

	it('accepts ordinary data', () => {
		expect(findUnfaithfulValue({ a: 0.1, b: [1, 'x', null, true], c: { d: -5 } })).toBeUndefined();
	});
});

describe('canonicalDecimal', () => {
	it('gives equal values one spelling', () => {
		expect(canonicalDecimal('1.50')).toBe(canonicalDecimal('15e-1'));
		expect(canonicalDecimal('100')).toBe(canonicalDecimal('1e+2'));
		expect(canonicalDecimal('-0.000')).toBe('0');
		expect(canonicalDecimal('0.1')).not.toBe(canonicalDecimal('0.10000000000000000001'));
	});
});
