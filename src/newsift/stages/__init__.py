"""newsift's pipeline stages, one module each; registered in ``newsift.components``."""
