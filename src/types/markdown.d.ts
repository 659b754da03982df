/** Markdown imported `with { type: "text" }` (the bundled guides): its text, embedded in the binary. */
declare module "*.md" {
  const text: string;
  export default text;
}
