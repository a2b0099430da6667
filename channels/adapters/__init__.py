"""Channel adapters: one interface (base.ChannelAdapter) for the website, WeChat and press partners."""
