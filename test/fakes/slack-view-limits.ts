/**
 * Slack refuses a view whose checkbox group has more than 10 options, a multi-select more than 100,
 * or an option text over 75 characters (Block Kit reference: checkboxes, multi-select menus, option objects).
 */
export function checklistsFit(view: Record<string, unknown>): boolean {
  for (const block of (view.blocks as { element?: { type?: string; options?: { text: { text: string } }[] } }[] | undefined) ?? []) {
    const el = block.element;
    if (el?.type !== 'checkboxes' && el?.type !== 'multi_static_select') continue;
    const options = el.options ?? [];
    if (options.length > (el.type === 'checkboxes' ? 10 : 100) || options.some((o) => o.text.text.length > 75)) return false;
  }
  return true;
}
