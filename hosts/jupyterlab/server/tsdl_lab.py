"""Serves our JupyterLab (the front end that hosts/jupyterlab/build.mjs bundles from npm) on the
jupyter-server and jupyterlab-server of the machine (Debian 12: 1.23 and 2.16), as JupyterLab's
examples/app does. Started by runner/notebook-server.ts with the usual ServerApp options:

    python3 hosts/jupyterlab/server/tsdl_lab.py --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=workspace

Its state stays in .jupyter-local/lab-state/: the settings the learner changes, and the open tabs
(workspaces) per served folder, so a test's scratch folder never reopens its files in the learner's.
"""

import getpass
import hashlib
import json
import os

from jupyter_server.base.handlers import APIHandler, JupyterHandler
from jupyter_server.base.zmqhandlers import WebSocketMixin
from jupyterlab_server import LabServerApp
from tornado import web, websocket
from traitlets import default

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
LOCAL = os.path.join(PROJECT, ".jupyter-local")
BUILD = os.path.join(LOCAL, "jupyterlab")  # what hosts/jupyterlab/build.mjs writes
STATE = os.path.join(LOCAL, "lab-state")


class IdentityHandler(APIHandler):
    """/api/me as jupyter-server 2 answers it (1.23 has no such route): who the learner is."""

    @web.authenticated
    def get(self):
        name = getpass.getuser()
        identity = {"username": name, "name": name, "display_name": name, "initials": name[:1].upper(),
                    "avatar_url": None, "color": None}
        self.finish(json.dumps({"identity": identity, "permissions": {}}))


class EventsHandler(WebSocketMixin, websocket.WebSocketHandler, JupyterHandler):
    """/api/events/subscribe (jupyter-server 2's event stream; 1.23 has none): accepts the
    front end's subscription and stays silent, instead of a 404 it retries forever."""

    async def get(self, *args, **kwargs):
        if self.current_user is None:
            raise web.HTTPError(403)
        return await super().get(*args, **kwargs)

    def on_message(self, message):
        pass


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": TsdlLabApp}]


class TsdlLabApp(LabServerApp):
    name = "tsdl_lab"
    extension_url = "/lab"
    default_url = "/lab"
    load_other_extensions = False
    app_name = "JupyterLab"
    app_version = json.load(open(os.path.join(PROJECT, "node_modules", "@jupyterlab", "application", "package.json")))["version"]
    app_settings_dir = os.path.join(BUILD, "settings")
    schemas_dir = os.path.join(BUILD, "schemas")
    static_dir = os.path.join(BUILD, "static")
    themes_dir = os.path.join(BUILD, "themes")
    templates_dir = os.path.join(HERE, "templates")
    user_settings_dir = os.path.join(STATE, "user-settings")

    @default("workspaces_dir")
    def _workspaces_dir(self):
        root = os.path.realpath(os.path.expanduser(self.serverapp.root_dir))
        return os.path.join(STATE, "workspaces", hashlib.sha256(root.encode()).hexdigest()[:16])

    def initialize_handlers(self):
        super().initialize_handlers()
        self.handlers.extend([(r"/api/me", IdentityHandler), (r"/api/events/subscribe", EventsHandler)])

    def initialize_settings(self):
        super().initialize_settings()
        if not os.path.exists(os.path.join(self.static_dir, "bundle.js")):
            raise SystemExit(f"tsdl_lab: no JupyterLab build in {BUILD}: run `npm run setup` (or use `npm start -- --classic`)")
        self.serverapp.web_app.settings["terminals_available"] = False  # no terminal extension in the bundle


if __name__ == "__main__":
    TsdlLabApp.launch_instance()
