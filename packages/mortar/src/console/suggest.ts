/** Up to three names within a small edit distance of `name` (or sharing its prefix), best first. */
export function closest(name: string, names: string[]): string[] {
  return names
    .map((candidate) => ({ candidate, distance: distance(name, candidate) }))
    .filter(
      ({ candidate, distance: d }) =>
        d <= Math.max(2, Math.floor(name.length / 3)) || candidate.startsWith(name) || name.startsWith(candidate.split(':')[0] ?? ''),
    )
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 3)
    .map(({ candidate }) => candidate)
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const temp = row[j] as number
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = temp
    }
  }
  return row[b.length] as number
}
