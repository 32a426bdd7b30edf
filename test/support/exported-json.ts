/** The JSON of a `/dojo export` reply: the code fences of its rendered text joined (Slack escapes &, < and >). */
export function exportedJson(text: string): any {
  const code = [...text.matchAll(/```\n?([\s\S]*?)\n?```/g)].map((m) => m[1]).join('');
  return JSON.parse(code.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
}
