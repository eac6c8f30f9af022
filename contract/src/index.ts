// Public entry of @tyinglab/contract (filled in by the results-contract work).
export {};
