/**
 * Name patterns of the include/exclude filters: a comma-separated list; `*` matches any run of
 * characters anywhere in a pattern; matching is case-insensitive and covers the whole name.
 */
export function compileNamePatterns(value: unknown): RegExp[] {
	const text = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
	return text
		.split(',')
		.map((p) => p.trim())
		.filter((p) => p !== '')
		.map(
			(p) =>
				new RegExp(
					`^${p
						.split('*')
						.map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
						.join('.*')}$`,
					'i',
				),
		);
}

export function matchesAny(patterns: RegExp[], name: string): boolean {
	for (const pattern of patterns) if (pattern.test(name)) return true;
	return false;
}
