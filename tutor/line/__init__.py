"""Line mode: the chat in a plain terminal, with prompt_toolkit when there is one."""
