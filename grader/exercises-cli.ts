// `npm run exercises`: writes exercises/NAME.ipynb for every lab with graded functions.
import path from "node:path";
import { writeExercises } from "./exercises";

try {
  for (const f of writeExercises()) console.log(`wrote ${path.relative(process.cwd(), f)}`);
} catch (e) {
  console.error(`npm run exercises: ${(e as Error).message}`);
  process.exit(1);
}
