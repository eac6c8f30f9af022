// Right, written differently from the reference: no tensors at all — plain loops over sequences,
// time steps and states, pooling per-state counts into their groups before normalising.
interface Sequence {
  obs: number[];
  gamma: number[][];
  xi: number[][][];
}

const zeros = (r: number, c: number) => Array.from({ length: r }, () => new Array<number>(c).fill(0));
const normalised = (row: number[]) => {
  const total = row.reduce((a, b) => a + b, 0);
  return row.map((x) => x / total);
};

export function tiedMStep(input: { numStates: number; numSymbols: number; groups: number[]; sequences: Sequence[] }) {
  const { numStates: N, numSymbols: M, groups, sequences } = input;
  const G = Math.max(...groups) + 1;
  const counts = zeros(G, M);
  const xiSum = zeros(N, N);
  const visits = new Array<number>(N).fill(0);
  const initial = new Array<number>(N).fill(0);
  for (const { obs, gamma, xi } of sequences) {
    obs.forEach((o, t) => {
      for (let i = 0; i < N; i++) counts[groups[i]!]![o]! += gamma[t]![i]!;
    });
    xi.forEach((slice, t) => {
      for (let i = 0; i < N; i++) {
        visits[i]! += gamma[t]![i]!;
        for (let j = 0; j < N; j++) xiSum[i]![j]! += slice[i]![j]!;
      }
    });
    for (let i = 0; i < N; i++) initial[i]! += gamma[0]![i]! / sequences.length;
  }
  const groupEmissions = counts.map(normalised);
  return {
    emissionCounts: counts,
    groupEmissions,
    emissions: groups.map((g) => [...groupEmissions[g]!]),
    transitions: xiSum.map((row, i) => row.map((x) => x / visits[i]!)),
    initial,
  };
}
