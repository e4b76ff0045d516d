from tests.standin.fixtures import faulty_standin, standin  # noqa: F401
