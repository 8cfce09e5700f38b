// Types for circle-2009.js, which stays plain 2009 JavaScript: TypeScript reads this file, Node runs the .js.
export declare function area(r: number): number;
export declare function circumference(r: number): number;
