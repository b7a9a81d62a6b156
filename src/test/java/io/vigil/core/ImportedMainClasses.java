package io.vigil.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Vigil's main code as ArchUnit sees it, imported once per test run: importing it takes seconds.
 */
public final class ImportedMainClasses {

  /** Every class under {@code io.vigil} in the main code, without the tests. */
  public static final JavaClasses ALL =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.vigil");

  private ImportedMainClasses() {}
}
