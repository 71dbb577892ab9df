"""Room play's network side: the protocol, the web server in its own thread, and the host that
joins them to the room's rules on the frame loop's thread."""
