from tests.standin.fixtures import faulty_standin, standin, standin_2024  # noqa: F401
