/**
 * Why Discord would refuse a modal (type 9 response), or undefined: at most 5 top-level
 * components, a title of at most 45 characters, label text of at most 45, and string selects of
 * at most 25 options (each label at most 100) with max_values no more than their options.
 */
export function modalProblem(data: Record<string, any> | undefined): string | undefined {
  const components: any[] = data?.components ?? [];
  if (!data?.custom_id || !data.title || String(data.title).length > 45) return 'title';
  if (components.length > 5) return 'components: at most 5';
  for (const c of components) {
    if (c.type !== 18) continue;
    if (String(c.label ?? '').length > 45) return 'label: at most 45 characters';
    const inner = c.component;
    if (inner?.type === 3) {
      const options: any[] = inner.options ?? [];
      if (!options.length || options.length > 25) return 'select options: 1 to 25';
      if (options.some((o) => String(o.label).length > 100)) return 'select option label: at most 100 characters';
      if ((inner.max_values ?? 1) > options.length) return 'max_values: more than the options';
    }
  }
  return undefined;
}
