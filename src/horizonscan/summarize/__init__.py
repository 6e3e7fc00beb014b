"""Japanese titles, bullets and pick-up briefs: an LLM backend and an offline one behind one
interface, prompts as versioned files, every bullet tied to the source sentences it rests on."""
