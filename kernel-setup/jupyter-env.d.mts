export declare const projectRoot: string;
export declare const localDir: string;
export declare const setupFile: string;
export interface SetupRecord {
  /** python that runs Jupyter (`python -m jupyter …`) */
  python: string;
  /** JupyterLab importable from that python */
  jupyterLab: boolean;
  /** absolute path of the tslab launcher registered in the kernelspec */
  tslab: string;
}
export declare function jupyterEnv(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function readSetup(): SetupRecord;
