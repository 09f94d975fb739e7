// The package ships no types; the renderer uses only these interpolators (t in [0,1] -> CSS colour).
declare module 'd3-scale-chromatic' {
  export function interpolateInferno(t: number): string;
  export function interpolateTurbo(t: number): string;
  export function interpolateViridis(t: number): string;
  export function interpolateRdYlGn(t: number): string;
}
