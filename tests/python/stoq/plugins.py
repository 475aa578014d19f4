class BasePlugin:
    def __init__(self, config, plugin_opts=None):
        self.config = config
        self.plugin_opts = plugin_opts


class WorkerPlugin(BasePlugin):
    pass
