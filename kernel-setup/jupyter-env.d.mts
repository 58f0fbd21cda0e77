export declare const projectRoot: string;
export declare const localDir: string;
export declare const setupFile: string;
export interface SetupRecord {
  /** python that runs Jupyter (`python -m jupyter …`) */
  python: string;
  /** JupyterLab importable from that python */
  jupyterLab: boolean;
  /** our JupyterLab (hosts/jupyterlab/) is built and python has jupyterlab_server to serve it; absent in records of older setups */
  labApp?: boolean;
  /** absolute path of the tslab launcher registered in the kernelspec */
  tslab: string;
}
export declare function jupyterEnv(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function readSetup(): SetupRecord;
