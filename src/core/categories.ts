/** The categories the product knows, with member-facing names and accepted aliases. */
export const CATEGORIES: Record<string, { label: string; aliases: string[] }> = {
  leadership: { label: 'Leadership & Ownership', aliases: ['lead', 'ownership'] },
  'system-design': { label: 'System Design & Architecture', aliases: ['design', 'sd', 'architecture', 'systemdesign'] },
  nodejs: { label: 'Node.js Advanced', aliases: ['node', 'node.js'] },
  'api-design': { label: 'API Design & Best Practices', aliases: ['api', 'apis', 'rest'] },
  security: { label: 'Security', aliases: ['sec'] },
  databases: { label: 'Database Design (MongoDB + MySQL)', aliases: ['db', 'database', 'mongodb', 'mysql', 'sql'] },
  devops: { label: 'DevOps & Deployment', aliases: ['ops', 'deployment', 'deploy'] },
  scrum: { label: 'Project Management / Scrum', aliases: ['pm', 'agile', 'project-management'] },
  behavioural: { label: 'Behavioural', aliases: ['behavioral', 'behaviour', 'behavior', 'hr'] },
  pitch: { label: 'Pitch', aliases: ['intro', 'self-introduction'] },
  general: { label: 'General', aliases: ['team'] },
};

export const categoryLabel = (id: string) => CATEGORIES[id]?.label ?? id;

/** The category ids as members type them, for help and every "unknown category" message. */
export const categoryNames = () => Object.keys(CATEGORIES).join(', ');

/** Resolves a typed category name or alias to its id (any case; spaces or _ for dashes); undefined when unknown. */
export function resolveCategory(text: string): string | undefined {
  const t = text
    .toLowerCase()
    .trim()
    .replace(/[\s_]+/g, '-');
  if (CATEGORIES[t]) return t;
  for (const [id, c] of Object.entries(CATEGORIES)) if (c.aliases.includes(t)) return id;
  return undefined;
}
